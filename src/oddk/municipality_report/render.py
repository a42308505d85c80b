"""The report as one printable HTML page (two A4 pages at most when printed), its charts drawn
with matplotlib and embedded as images, nothing loaded from outside."""

from __future__ import annotations

import base64
import html
import io
import statistics

from oddk.municipality_report.words import PORTAL_FIELDS, WORDS, number

MAX_ROWS = 14  # datasets listed on the page; the rest are counted
MAX_BARS = 12  # peers in a chart; the subject is always among them

PAGE_STYLE = """
@page { size: A4; margin: 13mm 14mm; }
body { font: 10pt/1.4 system-ui, "DejaVu Sans", sans-serif; color: #1a1a1a; max-width: 50em;
       margin: 1em auto; padding: 0 1em; }
@media print { body { margin: 0; max-width: none; } }
"""
# The report's own rules, under .oddk-report, so that the page can sit inside another (a
# notebook, the site) without changing it.
STYLE = """
.oddk-report { font-size: 10pt; line-height: 1.4; }
.oddk-report h1 { font-size: 17pt; margin: 0 0 .2em; color: #0b3d62; }
.oddk-report h2 { font-size: 12pt; margin: 1em 0 .3em; color: #0b3d62; break-after: avoid; }
.oddk-report p { margin: .3em 0; }
.oddk-report .practice { border: 2px solid #a40000; background: #fff4f4; padding: .4em .7em;
                         font-weight: bold; }
.oddk-report .source { color: #444; font-size: 8.5pt; }
.oddk-report .figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: .4em;
                        margin: .5em 0; }
.oddk-report .figures div { background: #eef3f8; padding: .3em .5em; }
.oddk-report .figures strong { display: block; font-size: 13pt; color: #0b3d62; }
.oddk-report .figures .small { font-size: 10pt; }
.oddk-report table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
.oddk-report table th, .oddk-report table td { border-bottom: 1px solid #ccc;
    padding: .15em .3em; text-align: left; vertical-align: top; }  /* over a notebook's own */
.oddk-report .charts { display: flex; gap: 1em; break-inside: avoid; }
.oddk-report .charts figure { margin: 0; flex: 1; }
.oddk-report .charts img { width: 100%; }
.oddk-report figcaption { font-size: 8.5pt; color: #333; }
.oddk-report ol, .oddk-report ul { margin: .2em 0 .2em 1.3em; padding: 0; }
.oddk-report li { margin: .15em 0; }
"""


def _e(text) -> str:
    return html.escape(str(text))


def kind_words(kind: str) -> str:
    """'GeoFA: Toilet' → 'Toilet (GeoFA)'; a tag stays as it is."""
    return f"{kind.removeprefix('GeoFA: ')} (GeoFA)" if kind.startswith("GeoFA: ") else kind


def licence_words(code, w) -> str:
    """A licence by the name people know ('CC BY 4.0'), never the portal's code."""
    from oddk import vocab

    if not code:
        return w["no_licence"]
    known = vocab.licence(code)
    return known.short if known else str(code)


def chart(table, highlight: str, language: str) -> str:
    """A horizontal bar chart of datasets per 10,000 residents, as a data: URI (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = table.head(MAX_BARS)
    if highlight not in set(rows["name"]):
        rows = table[(table.index < MAX_BARS - 1) | (table["name"] == highlight)]
    rows = rows.iloc[::-1]
    fig, ax = plt.subplots(figsize=(3.6, 0.24 * len(rows) + 0.75), dpi=150)
    colours = ["#d95f02" if n == highlight else "#7fa7d9" for n in rows["name"]]
    ax.barh(rows["name"], rows["per_10000"], color=colours)
    ax.tick_params(labelsize=7)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))
    decimals = 2 if rows["per_10000"].max() < 1 else 1
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda x, _p: number(x, language, decimals)))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figures(report, w) -> str:
    s = report.summary()
    lang = report.language
    cells = [
        (s["datasets"], w["datasets"]), (s["resources"], w["resources"]),
        (f"{s['open_files']}/{s['resources']}", w["open"]),
        (number(s["stars"], lang, 1), w["stars"]),
        (f"{s['stale']}", f"{w['stale']} ({w['judged'].format(n=s['judged'])})"),
        (f"{s['complete']}/{s['datasets']}", w["complete"]),
        (s["broken"], w["broken"]),
        (", ".join(f"{f} {n}" for f, n in s["formats"].most_common(3)) or w["none"],
         w["formats"]),
    ]
    return '<div class="figures">' + "".join(
        f"<div><strong{' class=small' if len(str(v)) > 8 else ''}>{_e(v)}</strong>{_e(label)}"
        "</div>" for v, label in cells) + "</div>"


def _table(report, w) -> str:
    head = "".join(f"<th>{_e(w[k])}</th>" for k in (
        "col_title", "col_formats", "col_licence", "col_stars", "col_updated", "col_status",
        "col_metadata"))
    rows = []
    for d in report.datasets[:MAX_ROWS]:
        licences = sorted({licence_words(lic, w) for lic in d.licences}) or [w["no_licence"]]
        status = (w["not_judged"] if d.stale_days is None else
                  w["on_time"] if d.stale_days == 0 else w["overdue"].format(days=d.stale_days))
        rows.append("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in (
            d.title, ", ".join(sorted(set(d.formats))), ", ".join(licences),
            "★" * d.stars or "0", d.modified.isoformat() if d.modified else "–", status,
            f"{d.mandatory[0]}/{d.mandatory[1]} · {d.recommended[0]}/{d.recommended[1]}"
            + (f"; {w['to_fix'].format(fields=_fields(d.portal_gaps, report.language))}"
               if d.portal_gaps else ""),
        )) + "</tr>")
    more = len(report.datasets) - MAX_ROWS
    extra = f"<p>{_e(w['more'].format(n=more))}</p>" if more > 0 else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{extra}"


def _fields(names, language: str) -> str:
    words = PORTAL_FIELDS[language]
    return ", ".join(words.get(n.split(".")[0], n) for n in names)


GROUPS_EN = {"Hovedstadskommuner": "capital municipalities", "Storbykommuner": "big-city "
             "municipalities", "Provinsbykommuner": "provincial-town municipalities",
             "Oplandskommuner": "commuter-belt municipalities", "Landkommuner": "rural "
             "municipalities"}


def group_words(group: str, language: str) -> str:
    """A municipality group in the reader's language: 'storbykommuner', 'big-city
    municipalities (Storbykommuner)'."""
    if language == "en":
        return f"{GROUPS_EN.get(group, group)} ({group})"
    return group[:1].lower() + group[1:]


def _peers_word(report, w) -> str:
    if report.who.kind == "region":
        return w["peers_word_region"]
    return group_words(report.who.group, report.language)


def _charts(report, w) -> str:
    lang, who = report.language, report.who
    parts, lines = [], []
    tables = ([(report.group_peers, w["chart_group"].format(group=who.group))]
              if report.group_peers is not None else [])
    tables.append((report.region_peers, w["chart_regions"] if who.kind == "region"
                   else w["chart_region"].format(region=who.region)))
    for table, where in tables:
        title = f"{w['per_10000']}: {where}"
        parts.append(f'<figure><img alt="{_e(title)}" src="{chart(table, who.name, lang)}">'
                     f"<figcaption>{_e(title)}</figcaption></figure>")
        mine = float(table.loc[table["name"] == who.name, "per_10000"].iloc[0])
        others = table.loc[table["name"] != who.name, "per_10000"]
        lines.append(w["peers_text"].format(
            name=who.name, value=number(mine, lang, 2), n=len(others), where=where,
            median=number(statistics.median(others) if len(others) else 0, lang, 2)))
    return (f'<div class="charts">{"".join(parts)}</div>'
            + "".join(f"<p>{_e(x)}</p>" for x in lines))


def _gaps(report, w) -> str:
    if not report.gaps:
        return f"<p>{_e(w['no_gap'].format(name=report.who.name))}</p>"
    peers_word = _peers_word(report, w)
    items = "".join(f"<li>{_e(w['gap_line'].format(n=g.peers, of=g.of, peers=peers_word, kind=kind_words(g.kind)))}</li>"  # noqa: E501
                    for g in report.gaps[:6])
    return f"<ul>{items}</ul>"


def _steps(report, w) -> str:
    items = []
    for kind, gap in report.first_steps:
        key = "start_geofa" if kind.startswith("GeoFA: ") else "start_other"
        why = (w["start_why"].format(n=gap.peers, of=gap.of) if gap else w["start_common"])
        items.append(f"<li><strong>{_e(kind_words(kind))}</strong> {_e(why)}. "
                     f"{_e(w[key].format(kind=kind_words(kind)))}</li>")
    return f"<ol>{''.join(items)}</ol>"


def render(report, standalone: bool = True) -> str:
    """The page: a whole HTML document (`standalone`), or the report alone to show inside
    another page (a notebook)."""
    w = WORDS[report.language]
    who = report.who
    plural = w[f"kind_plural_{who.kind}"]
    body = [f"<h1>{_e(w['title'].format(name=who.official))}</h1>"]
    if report.practice:
        body.append(f'<p class="practice" role="note">{_e(w["practice"].format(name=who.official))}</p>')
    body.append(f"<p>{_e(w['subtitle'].format(name=who.official, kind_plural=plural))}</p>")
    source = report.source
    where = (w["snapshot_of"].format(portal=source.words) if source.snapshot
             else w["snapshot"] if source.practice and not source.online else source.words)
    body.append(f'<p class="source">{_e(w["source"].format(source=where))} · '
                f'{_e(w["as_of"].format(date=report.source.date.isoformat()))}</p>')
    body.append(f"<h2>{_e(w['publishes'].format(name=who.official))}</h2>")
    if report.member:
        body += [_figures(report, w), _table(report, w)]
    else:
        body.append(f"<p>{_e(w['not_member'].format(name=who.official, kind_plural=plural))}</p>")
    body += [f"<h2>{_e(w['peers'])}</h2>", _charts(report, w),
             f"<h2>{_e(w['gap'].format(name=who.official))}</h2>", _gaps(report, w),
             f"<h2>{_e(w['start'])}</h2>", _steps(report, w)]
    if report.requests:
        note = f" <small>{_e(w['requests_examples'])}</small>" if report.requests_are_examples \
            else ""
        items = "".join(f"<li>{_e(w['request_line'].format(date=r.date.isoformat(), asked_by=r.asked_by, wants=r.wants, why=r.why[:1].lower() + r.why[1:]))}</li>"  # noqa: E501
                        for r in report.requests[:4])
        body += [f"<h2>{_e(w['requests'].format(name=who.official))}{note}</h2>",
                 f"<ul>{items}</ul>"]
    inner = (f'<style>{STYLE}</style><div class="oddk-report" lang="{report.language}">\n'
             + "\n".join(body) + "\n</div>")
    if not standalone:
        return inner
    return (f'<!DOCTYPE html>\n<html lang="{report.language}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(w['title'].format(name=who.official))}</title>"
            f"<style>{PAGE_STYLE}</style></head><body><main>\n{inner}\n</main></body></html>\n")
