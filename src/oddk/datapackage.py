"""A Frictionless Data Package: the data, its Table Schema and its licence in one folder.

    out/
      datapackage.json     name, title, description, licence, keywords, the resource and its schema
      data/<file>          a byte-for-byte copy of the data file

A data package lets anyone (and tools such as frictionless, pandas, R) read the file with
the right types. Danish quirk: EU licence codes on opendata.dk (`CC0`, `CC_BY_4_0`) are
written as the SPDX names data packages use (`CC0-1.0`, `CC-BY-4.0`):

    >>> spdx_licence("CC_BY_4_0")["name"]
    'CC-BY-4.0'
"""

from __future__ import annotations

import shutil
from pathlib import Path

from oddk import metadata as md
from oddk import vocab


def spdx_licence(code: str) -> dict:
    """The data package licence entry for an EU licence code ('CC0' → CC0-1.0), from
    `oddk.vocab.LICENCES`: name (the SPDX id; the EU code for a licence SPDX has no id for,
    such as PDM_1_0), title and the licence text's address. An unknown code stays as given."""
    lic = vocab.licence(code)
    if lic is None:
        return {"name": code, "title": code}
    return {"name": lic.spdx or lic.code, "title": lic.title, "path": lic.url}


def write_datapackage(record: dict, data_path, out_dir, *, overwrite: bool = False) -> dict:
    """Write `out_dir/datapackage.json` and `out_dir/data/<file>`; return a summary
    `{path, valid, errors, fields, rows}`. The data file is copied, never changed.
    An existing datapackage.json is kept unless `overwrite=True`."""
    from frictionless import Package, Resource, validate

    r = md.require_complete(record)
    src = Path(data_path)
    out = Path(out_dir)
    descriptor = out / "datapackage.json"
    if descriptor.exists() and not overwrite:
        raise FileExistsError(
            f"'{descriptor}' exists already. Choose another folder, "
            "or pass overwrite=True to replace it."
        )
    if out.resolve() in (src.resolve().parent, *src.resolve().parents):
        raise ValueError(
            f"Write the data package outside the data file's own folder ('{src.parent}')."
        )
    (out / "data").mkdir(parents=True, exist_ok=True)
    copy = out / "data" / src.name
    shutil.copyfile(src, copy)

    name = r["name"] or md.suggest_name(r["title"])
    resource = Resource(path=f"data/{src.name}", basepath=str(out))
    resource.infer(stats=True)
    resource.name = md.suggest_name(src.stem)
    dist = r["distributions"][0] if r["distributions"] else {}
    resource.title = dist.get("title") or src.name
    if dist.get("description"):
        resource.description = dist["description"]
    lic = dist.get("licence") or r["licence"] or vocab.DEFAULT_LICENCE
    package = Package(
        name=name,
        title=r["title"],
        description=r["description"],
        resources=[resource],
        basepath=str(out),
    )
    package.licenses = [spdx_licence(lic)]
    package.keywords = list(r["keywords"])
    if r["version"]:
        package.version = str(r["version"])
    publisher = r["publisher"] or md.organisation_title(r["organisation"]) or r["organisation"]
    package.contributors = [{"title": publisher, "role": "publisher"}]
    if r["contact"]["name"]:
        package.contributors.append(
            {"title": r["contact"]["name"], "email": r["contact"]["email"], "role": "contact"}
        )
    package.to_json(str(descriptor))
    report = validate(str(descriptor))
    errors = [e.message for task in report.tasks for e in task.errors][:20]
    return {
        "path": str(descriptor),
        "valid": bool(report.valid),
        "errors": errors,
        "fields": [f.name for f in resource.schema.fields],
        "types": {f.name: f.type for f in resource.schema.fields},
        "rows": resource.stats.rows if resource.stats else None,
        "licence": package.licenses[0]["name"],
    }
