"""The secretariat's overview: every member's report and an index table, sortable offline,
and the command line (`oddk report`)."""

from __future__ import annotations

import html
import sys
from pathlib import Path

from oddk import safe_write
from oddk.catalogue import CatalogueError
from oddk.municipality_report import build_report, peers, source_for
from oddk.municipality_report.render import PAGE_STYLE, STYLE
from oddk.municipality_report.words import number

INDEX_WORDS = {
    "en": {"title": "Open data on the portal: every member", "name": "Member", "datasets":
           "Datasets", "files": "Files", "per": "Per 10,000 residents", "open":
           "Files with an open licence", "stars": "Stars (average)", "stale": "Overdue",
           "complete": "Complete metadata", "sort": "Click a column's heading to sort by it."},
    "da": {"title": "Åbne data på portalen: alle medlemmer", "name": "Medlem", "datasets":
           "Datasæt", "files": "Filer", "per": "Pr. 10.000 indbyggere", "open":
           "Filer med åben licens", "stars": "Stjerner (gennemsnit)", "stale": "Over tid",
           "complete": "Fuld metadata", "sort": "Klik på en kolonnes overskrift for at sortere."},
}

SORT = """<script>
document.querySelectorAll("th button").forEach(function (button, column) {
  button.addEventListener("click", function () {
    var body = document.querySelector("tbody"), rows = Array.from(body.rows);
    var up = button.dataset.up !== "1"; button.dataset.up = up ? "1" : "0";
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.v, y = b.cells[column].dataset.v;
      var nx = parseFloat(x), ny = parseFloat(y);
      var d = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y, "da") : nx - ny;
      return up ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
</script>"""


def file_name(official: str) -> str:
    from oddk.portal.validate import suggest_name

    return suggest_name(official) + ".html"


def write_all(out_dir, portal: str = "offline", language: str = "en",
              force: bool = False) -> list[Path]:
    """Every member's report into `out_dir`, and index.html. Returns the pages written."""
    out_dir = Path(out_dir)
    source = source_for(portal)
    members = set(source.by_org)
    subjects = [s for s in peers.every_subject() if s.official in members]
    index = out_dir / "index.html"
    pages = [out_dir / file_name(s.official) for s in subjects]
    for path in [*pages, index]:
        safe_write.guard(path, force=force)
    rows = []
    for n, (who, path) in enumerate(zip(subjects, pages, strict=True), start=1):
        report = build_report(who.name, source=source, language=language, check_links=False)
        safe_write.write_text(path, report.to_html())
        s = report.summary()
        table = report.region_peers if report.group_peers is None else report.group_peers
        per = float(table.loc[table["name"] == who.name, "per_10000"].iloc[0])
        rows.append((who.official, path.name, s, per))
        print(f"\r{n}/{len(subjects)} {who.official:<30}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    safe_write.write_text(index, _index(rows, source, language))
    return [*pages, index]


def _index(rows, source, language: str) -> str:
    from oddk.municipality_report.words import WORDS

    w, rw = INDEX_WORDS[language], WORDS[language]
    e = html.escape
    heads = ["name", "datasets", "files", "per", "open", "stars", "stale", "complete"]
    head = "".join(f'<th><button type="button">{e(w[h])}</button></th>' for h in heads)
    body = []
    for official, page, s, per in rows:
        cells = [(official, f'<a href="{e(page)}">{e(official)}</a>'),
                 (s["datasets"], s["datasets"]), (s["resources"], s["resources"]),
                 (round(per, 4), number(per, language, 2)),
                 (s["open_files"], f"{s['open_files']}/{s['resources']}"),
                 (s["stars"], number(s["stars"], language, 1)), (s["stale"], s["stale"]),
                 (s["complete"], f"{s['complete']}/{s['datasets']}")]
        body.append("<tr>" + "".join(f'<td data-v="{e(str(v))}">{shown}</td>'
                                     for v, shown in cells) + "</tr>")
    practice = (f'<p class="practice" role="note">{e(rw["practice"].format(name="…"))}</p>'
                if source.practice else "")
    return (f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{e(w['title'])}</title><style>{PAGE_STYLE}{STYLE}"
            "th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;"
            "cursor:pointer;text-decoration:underline}</style></head><body>"
            '<main class="oddk-report">'
            f"<h1>{e(w['title'])}</h1>{practice}<p>{e(w['sort'])}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"</main>{SORT}</body></html>\n")


def main(args) -> int:
    """`oddk report NAME --out FILE.html` or `oddk report --all --out DIR`."""
    try:
        if args.all:
            pages = write_all(args.out, args.portal, args.language, force=args.force)
            print(f"wrote {len(pages) - 1} reports and {pages[-1]}")
            return 0
        if not args.name:
            print("Say whom the report is about (a municipality or region), or --all.",
                  file=sys.stderr)
            return 2
        report = build_report(args.name, args.portal, args.language)
        out = safe_write.guard(args.out, force=args.force)
        safe_write.write_text(out, report.to_html())
        print(f"wrote {out}: {report.who.official}"
              + (" (practice report on the synthetic snapshot)" if report.practice else ""))
        return 0
    except (FileExistsError, ValueError, CatalogueError) as err:
        print(f"✗ {err}", file=sys.stderr)
        return 2
