"""The web page: a list of datasets with a search box at `/`, and a page per dataset
at `/dataset/<name>` with its resources, so a participant sees in a browser what they
published through the API.

Plain, accessible HTML (lang, labels, headings, no scripts, no external assets).
Links are relative, so the pages also work behind a path prefix such as
jupyter-server-proxy's /proxy/5000/.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse

from oddk.portal import search
from oddk.portal.actions import is_private, present
from oddk.portal.errors import ActionError
from oddk.portal.store import Store

PER_PAGE = 20

STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;
line-height:1.5;color:#1a1a1a;background:#fff}
a{color:#0b4f8a} a:focus,input:focus,button:focus{outline:3px solid #f0a800}
header{border-bottom:2px solid #0b4f8a;margin-bottom:1rem}
.note{background:#fff6d6;padding:.5rem 1rem;border-left:4px solid #f0a800}
form.search{display:flex;gap:.5rem;align-items:end;flex-wrap:wrap}
input[type=search]{font-size:1rem;padding:.4rem;min-width:20rem}
button{font-size:1rem;padding:.4rem 1rem}
ol.results{list-style:none;padding:0} ol.results li{border-bottom:1px solid #ddd;padding:.6rem 0}
.meta{color:#444;font-size:.9rem} .format{font-weight:bold;border:1px solid #444;
padding:0 .3rem;margin-right:.3rem;font-size:.8rem}
table{border-collapse:collapse} th,td{text-align:left;padding:.3rem .6rem;
border-bottom:1px solid #ddd;vertical-align:top}
"""


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · Practice portal</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<header><p><strong>Open Data DK practice portal</strong> · "
        "a local copy for practice, not opendata.dk</p></header>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
    return HTMLResponse(html, status_code=status)


def _title(pkg: dict) -> str:
    """The dataset's title, marked as Danish when it is the Danish one."""
    title = pkg.get("title") or pkg.get("name") or "(no title)"
    translated = pkg.get("title_translated")
    lang = "da" if isinstance(translated, dict) and translated.get("da") == title else None
    return f'<span lang="{lang}">{escape(title)}</span>' if lang else escape(title)


def _formats(pkg: dict) -> str:
    formats = dict.fromkeys(
        r.get("format")
        for r in pkg.get("resources") or []
        if isinstance(r, dict) and r.get("format")
    )
    return "".join(f'<span class="format">{escape(f)}</span>' for f in formats)


def _private_label(pkg: dict) -> str:
    return '<strong class="format">Private</strong> ' if is_private(pkg) else ""


def _org_title(pkg: dict) -> str:
    org = pkg.get("organization")
    if isinstance(org, dict):
        return org.get("title") or org.get("name") or ""
    return pkg.get("owner_org") or ""


def _when(stamp) -> str:
    """'2026-11-27T05:13:55.660098' → '2026-11-27 05:13 UTC'."""
    if not isinstance(stamp, str) or len(stamp) < 16:
        return stamp or ""
    return f"{stamp[:10]} {stamp[11:16]} UTC"


class Pages:
    def __init__(self, store: Store, site_url: str):
        self.store, self.site_url = store, site_url

    def index(self, request: Request) -> HTMLResponse:
        q = request.query_params.get("q", "")[:200]
        try:
            page = max(1, int(request.query_params.get("page", "1")))
        except ValueError:
            page = 1
        with self.store.read() as con:
            packages = self.store.packages(con)
        try:
            found = search.package_search(
                packages,
                {
                    "q": q,
                    "rows": PER_PAGE,
                    "start": (page - 1) * PER_PAGE,
                    "sort": "score desc, metadata_modified desc" if q else "metadata_modified desc",
                },
                {},
            )
            problem = ""
        except ActionError as e:  # a query the search cannot read: say so, show nothing
            found = {"count": 0, "results": []}
            problem = f'<p role="alert">The search could not read that: {escape(str(e))}</p>'
        items = []
        for pkg in found["results"]:
            notes = (pkg.get("notes") or "").strip().replace("\n", " ")
            items.append(
                f'<li><h3><a href="dataset/{quote(pkg["name"])}">{_title(pkg)}</a></h3>'
                f'<p class="meta">{_private_label(pkg)}{escape(_org_title(pkg))} '
                f"{_formats(pkg)}</p>"
                f"<p>{escape(notes[:240])}{'…' if len(notes) > 240 else ''}</p></li>"
            )
        count = found["count"]
        what = f"{count} dataset{'s' if count != 1 else ''}" + (
            f" found for “{escape(q)}”" if q else ""
        )
        nav = []
        if page > 1:
            nav.append(
                f'<a href="?{urlencode({"q": q, "page": page - 1})}" rel="prev">← Previous</a>'
            )
        if page * PER_PAGE < count:
            nav.append(f'<a href="?{urlencode({"q": q, "page": page + 1})}" rel="next">Next →</a>')
        body = f"""<h1>Datasets (datasæt)</h1>
<p class="note">Datasets you publish through the API (<code>package_create</code>)
appear here. The API is at <code>{escape(self.site_url)}/api/3/action/</code>.</p>
<form class="search" method="get" action="" role="search">
<div><label for="q">Search datasets</label><br>
<input type="search" id="q" name="q" value="{escape(q)}"></div>
<button type="submit">Search</button></form>
{problem}
<h2 id="results-heading">{what}</h2>
<ol class="results" aria-labelledby="results-heading">{"".join(items)}</ol>
<nav aria-label="Pages">{" · ".join(nav)}</nav>"""
        return _page("Datasets", body)

    def dataset(self, request: Request) -> HTMLResponse:
        name = request.path_params["name"]
        with self.store.read() as con:
            pkg = self.store.get_package(con, name)
        if pkg is None or pkg.get("state") == "deleted":
            body = (
                f"<h1>Dataset not found</h1><p>There is no dataset called "
                f'“{escape(name)}” here. <a href="../">Back to all datasets</a>.</p>'
            )
            return _page("Not found", body, status=404)
        pkg = present(pkg, self.site_url)
        notes = (
            "".join(
                f"<p>{escape(p.strip())}</p>"
                for p in (pkg.get("notes") or "").split("\n\n")
                if p.strip()
            )
            or '<p class="note">This dataset has no description (<code>notes</code> is empty).</p>'
        )
        rows = []
        for label, value in (
            ("Organization", _org_title(pkg)),
            ("Author (forfatter)", pkg.get("author")),
            ("Author e-mail", pkg.get("author_email")),
            ("Update frequency", pkg.get("update_frequency")),
            (
                "Themes",
                ", ".join(pkg.get("data_themes") or [])
                if isinstance(pkg.get("data_themes"), list)
                else pkg.get("data_themes"),
            ),
            ("Tags", ", ".join(search.field_values(pkg, "tags"))),
            (
                "Period",
                " – ".join(str(pkg[k]) for k in ("temporal_start", "temporal_end") if pkg.get(k)),
            ),
            ("Name (address)", pkg.get("name")),
            ("Last changed", _when(pkg.get("metadata_modified"))),
        ):
            if value:
                rows.append(
                    f'<tr><th scope="row">{escape(label)}</th><td>{escape(str(value))}</td></tr>'
                )
        resources = []
        for res in pkg["resources"]:
            url = res.get("url") or ""
            if res.get("url_type") == "upload" and url.startswith(self.site_url + "/"):
                href = "../" + url[len(self.site_url) + 1 :]  # relative: works behind a proxy
            elif url.lower().startswith(("http://", "https://", "ftp://")):
                href = url
            else:
                href = ""  # not a web address (or a javascript: trick): shown as text only
            verb = "Download" if res.get("url_type") == "upload" else "Open"
            link = (
                f'<a href="{escape(href)}" rel="nofollow noopener">{verb} '
                f"{escape(res.get('name') or res.get('format') or 'the resource')}</a>"
                if href
                else (f"address: <code>{escape(url)}</code>" if url else "no address given")
            )
            desc = escape(res.get("description") or "")
            resources.append(
                f"<li><h3>{escape(res.get('name') or '(no name)')}</h3>"
                f'<p class="meta">{_formats({"resources": [res]})} licence: '
                f"{escape(res.get('license_id') or 'not given')}</p>"
                f"<p>{desc}</p><p>{link}</p></li>"
            )
        private = (
            '<p class="note"><strong>Private.</strong> On opendata.dk only the organization '
            "sees this dataset; the API shows it only to requests with a token.</p>"
            if is_private(pkg)
            else ""
        )
        body = f"""<nav aria-label="Breadcrumb"><a href="../">All datasets</a></nav>
<h1>{_title(pkg)}</h1>
{private}{notes}
<h2>About this dataset</h2>
<table><tbody>{"".join(rows)}</tbody></table>
<h2>Resources ({len(pkg["resources"])})</h2>
<ol class="results">{"".join(resources) or "<li>No resources yet.</li>"}</ol>"""
        return _page(pkg.get("title") or pkg["name"], body)
