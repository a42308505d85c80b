"""Writing starter notebooks: one (`oddk starter DATASET --out DIR`) or one per dataset with
an index page (`oddk starter --all --out DIR`). The notebooks are generated, never committed:
Binder's postBuild writes them into starters/, so the index's Binder links resolve there."""

from __future__ import annotations

import html
import sys
from pathlib import Path

from oddk import catalogue as cat_mod
from oddk import safe_write, vocab
from oddk.starter.build import page, pick_resource, starter_notebook

BINDER = "https://mybinder.org/v2/gh/OpenDataDK/oddk-kit/main?urlpath=lab/tree/starters/"


def write_one(cat, name: str, out_dir, resource_id: str | None = None,
              force: bool = False) -> Path:
    import nbformat

    path = safe_write.guard(Path(out_dir) / f"{name}.ipynb", force=force)
    safe_write.write_text(path, nbformat.writes(starter_notebook(cat, name, resource_id)))
    return path


def write_all(portal: str, out_dir, force: bool = False, progress=True) -> list[Path]:
    """A starter for every dataset of the catalogue, and index.html. Returns what was written."""
    from tqdm import tqdm

    cat = cat_mod.connect(portal)
    packages = sorted(cat.search_all(), key=lambda p: p["name"])
    out = Path(out_dir)
    index = out / "index.html"
    for path in [out / f"{p['name']}.ipynb" for p in packages] + [index,
                                                                   out / "challenges.html"]:
        safe_write.guard(path, force=force)
    written, rows = [], []
    shipped = set(cat_mod.shipped_resources()["resource_id"]) if cat.offline else set()
    for pkg in tqdm(packages, desc="starter notebooks", unit="notebook", file=sys.stderr,
                    disable=not progress):
        try:
            res = pick_resource(pkg, prefer=shipped)
        except ValueError:
            continue  # a dataset without resources has nothing to start from
        written.append(write_one(cat, pkg["name"], out, force=True))
        rows.append((pkg, res))
    safe_write.write_text(index, _index(rows, cat))
    from oddk.starter.challenges import cards, cards_html

    deck = [c for c in cards(packages) if all((out / f"{n}.ipynb") in written
                                                for n, _t, _o in c.datasets)]
    challenges = safe_write.write_text(out / "challenges.html", cards_html(deck))
    return [*written, challenges, index]


def _index(rows, cat) -> str:
    e = html.escape
    items = []
    for pkg, res in rows:
        lic = res.get("license_id") or pkg.get("license_id")
        known = vocab.licence(lic) if lic else None
        licence = known.short if known else (lic or "no licence: ask the publisher")
        formats = ", ".join(sorted({(r.get("format") or "?").upper() for r in pkg["resources"]}))
        name = pkg["name"]
        items.append(
            f"<tr><td>{e(pkg.get('title') or name)}</td>"
            f"<td>{e((pkg.get('organization') or {}).get('title') or '')}</td>"
            f"<td>{e(formats)}</td><td>{e(licence)}</td>"
            f'<td><a href="{e(name)}.ipynb">notebook</a> · '
            f'<a href="{BINDER}{e(name)}.ipynb">open in JupyterLab on Binder</a></td></tr>')
    body = (
        "<h1>Starter notebooks: one for every dataset</h1>\n"
        f"<p>Each notebook reads one dataset of {e(cat.where)} with the Open Data DK kit, says "
        "what it is and under which licence, and takes a first look (columns, empty cells, a map, "
        "dates). Open one, run it, and make it yours. For a hackathon: the "
        '<a href="challenges.html">challenge cards</a>, datasets that answer a question '
        "together.</p>\n<table><thead><tr><th>Dataset</th><th>Publisher</th><th>Formats</th>"
        "<th>Licence</th><th>Open</th></tr></thead><tbody>\n" + "".join(items)
        + "\n</tbody></table>")
    return page("Starter notebooks", body, "table{border-collapse:collapse}th,td{border-bottom:"
                "1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}")


def main(args) -> int:
    try:
        if args.all:
            written = write_all(args.portal, args.out, force=args.force)
            print(f"wrote {len(written) - 2} starter notebooks, {written[-2]} and {written[-1]}")
            return 0
        if not args.dataset:
            print("Say which dataset (its name on the portal), or --all.", file=sys.stderr)
            return 2
        cat = cat_mod.connect(args.portal)
        path = write_one(cat, args.dataset, args.out, args.resource, force=args.force)
        print(f"wrote {path}")
        return 0
    except (FileExistsError, ValueError, cat_mod.CatalogueError) as err:
        print(f"✗ {err}", file=sys.stderr)
        return 2
    except Exception as err:  # ckanapi.NotFound for a dataset the catalogue lacks
        if type(err).__name__ == "NotFound":
            print(f"✗ No dataset called '{args.dataset}' in {cat_mod.connect(args.portal).where}"
                  ".", file=sys.stderr)
            return 2
        raise
