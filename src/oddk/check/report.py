"""The readiness report: findings, verdict, stars and metadata completeness, as a Python
object, JSON, plain text and a standalone HTML page (also shown in a notebook).

What is good comes first, then what to fix and how, then what is worth knowing. Every
value the report shows was masked when the finding was made (see `personal.mask`).
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field

from oddk.check.messages import GOOD, VERDICTS, WORDS, text

SEVERITY_ORDER = {"blocker": 0, "warning": 1, "info": 2}


@dataclass
class Finding:
    """One thing the check found. `code` is stable; `message` and `fix` are in the report's
    language; `rows` are 1-based data rows (row 1 is the first row under the header, the
    first 20 at most), `count` how many cells or rows in all, `examples` masked values."""

    code: str
    severity: str
    message: str
    fix: str
    column: str | None = None
    rows: list[int] | None = None
    count: int | None = None
    examples: list[str] | None = None
    lines: list[int] | None = None  # 1-based lines of the file, where rows are not enough
    columns: list[str] | None = None  # a finding of one kind in several columns, grouped
    rule: str | None = field(default=None, repr=False, compare=False)  # the rule that found it

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None and k != "rule"}


@dataclass
class CheckReport:
    """The result of `oddk.check.check(path)`.

    `verdict` is "ready" (no blocker, no warning), "improve" (warnings only) or "fix"
    (at least one blocker); `stars` the 5-star open data level (0-5); `findings` the list of
    `Finding`s, blockers first; `good` what is already right; `facts` what the file is
    (format, encoding, rows, columns, sheets, coordinate system); `metadata` the
    DCAT-AP-DK completeness when metadata was given, else None.
    """

    path: str
    language: str = "en"
    findings: list[Finding] = field(default_factory=list)
    good: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    stars: int = 0
    stars_reasons: list[str] = field(default_factory=list)
    metadata: dict | None = None
    standard: str | None = None

    # ----------------------------------------------------------------- summary
    @property
    def verdict(self) -> str:
        sev = {f.severity for f in self.findings}
        return "fix" if "blocker" in sev else "improve" if "warning" in sev else "ready"

    @property
    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "blocker"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def codes(self) -> set[str]:
        """The finding codes, e.g. {"ragged-rows", "missing-values"}."""
        return {f.code for f in self.findings}

    def sort(self) -> None:
        self.findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.code, f.column or ""))

    # ----------------------------------------------------------------- outputs
    def to_dict(self) -> dict:
        return {
            "file": self.facts.get("file"),
            "verdict": self.verdict,
            "verdict_text": VERDICTS[self.verdict][self.language],
            "stars": self.stars,
            "stars_reasons": self.stars_reasons,
            "language": self.language,
            "good": self.good,
            "findings": [f.to_dict() for f in self.findings],
            "facts": self.facts,
            "standard": self.standard,
            "metadata": self.metadata,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def _w(self, key: str) -> str:
        return WORDS[self.language][key]

    def to_text(self) -> str:
        """The report in plain words: verdict, what is good, what to fix and how."""
        w = self._w
        out = [f"{w('report')}: {self.facts.get('file')}",
               f"{w('verdict')}: {self.verdict.upper()} · {VERDICTS[self.verdict][self.language]}",
               f"{w('stars')}: {'★' * self.stars}{'☆' * (5 - self.stars)} ({self.stars}/5)"]
        out += _facts_lines(self)
        if self.good:
            out.append(f"\n{w('good')}")
            out += [f"  ✓ {g}" for g in self.good]
        for title, sev in ((w("fix"), "blocker"), (w("improve"), "warning"),
                           (w("info"), "info")):
            items = [f for f in self.findings if f.severity == sev]
            if not items:
                continue
            out.append(f"\n{title}")
            out.append(f"  ({w('rule_' + sev)})")
            for f in items:
                out.append(f"  [{f.code}] {f.message}")
                where = _where(f, self.language)
                if where:
                    out.append(f"      {w('where')}: {where}")
                out.append(f"      {w('how')}: {f.fix}")
        if self.metadata:
            out.append(f"\n{w('metadata')}: {self.metadata.get('summary', '')}")
        return "\n".join(out)

    __str__ = to_text

    def to_html(self, standalone: bool = True, face: str | None = None) -> str:
        """The report as HTML: a standalone page to share (no outside links), or a fragment
        for a notebook (`standalone=False`). `face`: who reads it. "page" (a standalone
        page's default) and "app" are for people who do not program: no finding codes, no
        command lines or functions (the fixes in plain words; the app's say what to do on
        its page), the verdict in words only. "notebook" (a fragment's default) shows the
        codes and the fixes as the text report gives them."""
        from oddk.check.messages import face_fix

        face = face or ("page" if standalone else "notebook")
        if face not in ("page", "app", "notebook"):
            raise ValueError(f"face is 'page', 'app' or 'notebook', not {face!r}")
        plain = face != "notebook"

        w = self._w
        e = html.escape
        colour = {"ready": "#1a7f37", "improve": "#9a6700", "fix": "#cf222e"}[self.verdict]
        parts = [
            '<div class="oddk-check">',
            f'<h2>{e(w("report"))}: <code>{e(str(self.facts.get("file")))}</code></h2>',
            f'<p class="verdict" style="border-left:6px solid {colour};padding:.4em .8em;'
            f'font-size:1.2em"><strong>{e(VERDICTS[self.verdict][self.language])}</strong>'
            + ("" if plain else f' <span class="code">({self.verdict})</span>') + "</p>",
            f'<p class="stars">{e(w("stars"))}: <span style="color:#bf8700;font-size:1.3em">'
            f'{"★" * self.stars}{"☆" * (5 - self.stars)}</span> {self.stars}/5'
            + (f'<br><small>{e(" ".join(self.stars_reasons))}</small>' if self.stars_reasons
               else "") + "</p>",
            "<table class='facts'>" + "".join(
                f"<tr><th style='text-align:left;padding-right:1em'>{e(k)}</th><td>{e(v)}</td></tr>"
                for k, v in _facts_pairs(self)) + "</table>",
        ]
        if self.good:
            parts.append(f'<h3 style="color:#1a7f37">✓ {e(w("good"))}</h3><ul>'
                         + "".join(f"<li>{e(g)}</li>" for g in self.good) + "</ul>")
        for title, sev, col in ((w("fix"), "blocker", "#cf222e"),
                                (w("improve"), "warning", "#9a6700"),
                                (w("info"), "info", "#57606a")):
            items = [f for f in self.findings if f.severity == sev]
            if not items:
                continue
            parts.append(f'<h3 style="color:{col}">{e(title)}</h3>'
                         f'<p class="rule"><small>{e(w("rule_" + sev))}</small></p><ol>')
            for f in items:
                where = _where(f, self.language)
                fix = face_fix(f.code, self.language, f.fix, app=face == "app") if plain \
                    else f.fix
                code = "" if plain else f" <code>{e(f.code)}</code>"
                parts.append(
                    f'<li><p><strong>{e(f.message)}</strong>{code}</p>'
                    + (f"<p>{e(w('where'))}: {e(where)}</p>" if where else "")
                    + f"<p><em>{e(w('how'))}:</em> {e(fix)}</p></li>")
            parts.append("</ol>")
        if self.metadata:
            parts.append(f"<h3>{e(w('metadata'))}</h3><p>{e(self.metadata.get('summary', ''))}</p>")
        parts.append("</div>")
        body = "\n".join(parts)
        if not standalone:
            return body
        return (
            "<!DOCTYPE html>\n<html lang=\"" + self.language + "\"><head><meta charset=\"utf-8\">"
            f"<title>{e(w('report'))}: {e(str(self.facts.get('file')))}</title>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;"
            "padding:0 1em;line-height:1.45}code{background:#f6f8fa;padding:0 .3em}"
            "li{margin-bottom:.6em}li p{margin:.15em 0}</style></head><body>\n"
            + body + "\n</body></html>\n")

    def _repr_html_(self) -> str:
        return self.to_html(standalone=False)


def _facts_pairs(r: CheckReport) -> list[tuple[str, str]]:
    w = WORDS[r.language]
    f = r.facts
    pairs = [(w["file"], str(f.get("file"))), (w["format"], str(f.get("format", "?")).upper())]
    if f.get("encoding"):
        pairs.append((w["encoding"], f["encoding"]))
    if f.get("separator"):
        pairs.append((w["separator"], repr(f["separator"])))
    if f.get("rows") is not None:
        pairs.append((w["table"], f"{f['rows']} × {f.get('columns', '?')}"))
    if f.get("sheets"):
        pairs.append((w["sheets"], ", ".join(f["sheets"]) + f" ({f.get('sheet')})"))
    if f.get("crs"):
        cols = ", ".join(f.get("coordinate_columns") or [])  # none: the format's own geometry
        pairs.append((w["crs"], f"{f['crs']} ({cols})" if cols else f["crs"]))
    if r.standard:
        pairs.append((w["standard"], r.standard))
    return pairs


def _facts_lines(r: CheckReport) -> list[str]:
    return [f"{k}: {v}" for k, v in _facts_pairs(r)[1:]]


def _where(f: Finding, language: str) -> str:
    w = WORDS[language]
    bits = []
    if f.column:
        bits.append(f"{w['column']} '{f.column}'")
    for key, nums in ((w["rows"], f.rows), (w["lines"], f.lines)):
        if nums:
            shown = ", ".join(map(str, nums[:10]))
            # the count is of rows; of lines when the finding lists only lines (the list is
            # the first of them, not all)
            counted = key == w["rows"] or not f.rows
            total = f.count if counted and f.count else len(nums)
            if total > len(nums[:10]):
                shown += " " + w["and_more"].format(n=total - len(nums[:10]))
            bits.append(f"{key} {shown}")
    return "; ".join(bits)


def good_line(key: str, language: str, **fields) -> str:
    return GOOD[key][language].format(**fields)


def make_finding(code: str, language: str, severity: str | None = None, **fields) -> Finding:
    """A Finding with its message and fix in `language`. Fields that are not message
    placeholders (`column`, `rows`, `count`, `examples`, `lines`) are kept on the finding."""
    from oddk.check.messages import TEXTS

    message, fix = text(code, language, **fields)
    return Finding(
        code=code,
        severity=severity or TEXTS[code]["severity"],
        message=message,
        fix=fix,
        column=fields.get("column"),
        rows=fields.get("rows"),
        count=fields.get("count"),
        examples=fields.get("examples_list"),
        lines=fields.get("lines"),
        columns=fields.get("columns_list"),
    )
