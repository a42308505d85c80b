"""Search the Open Data DK catalogue: the live portal, a practice portal, or the kit's snapshot.

One interface, three sources, the same answers in the same shapes as CKAN's Action API:

    >>> cat = connect("offline")                     # the embedded snapshot, no network
    >>> practice = connect("http://127.0.0.1:5000")  # doctest: +SKIP
    >>> live = connect("https://admin.opendata.dk")  # doctest: +SKIP
    >>> found = cat.search(q="toiletter", fq="organization:city-of-aarhus")
    >>> found["count"], found["results"][0]["name"]
    (1, 'offentlige-toiletter-aarhus')

`search` answers as `package_search` (`count`, `results`, `facets`, `search_facets`),
`show` as `package_show`, `organisations` as `organization_list(all_fields=True)`. Online,
the calls go through `ckanapi.RemoteCKAN`; offline, through the practice portal's own
search (`oddk.portal.search`), so the snapshot and a practice portal give the same results.

The offline search understands the part of CKAN's Solr query language the notebooks use:

- `q`: free words, all of which must occur in a dataset (title, description, tags,
  organisation, resource names and formats), ignoring case, no stemming ("toilet" finds
  "toiletter", "toiletter" does not find "toilet"); `q="*:*"` or "" is everything;
- `fq` (and `fq_list`): `field:value` clauses, all of which must hold:
  `organization:city-of-aarhus`,
  `tags:toiletter`, `res_format:CSV`, `license_id:CC_BY`, `data_themes:TRAN`, `groups:tran`,
  `update_frequency:MONTHLY`; quoted values `tags:"kollektiv trafik"`; alternatives
  `res_format:(CSV OR GEOJSON)`; `OR` between clauses; a leading `-` negates
  (`-res_format:SHP`); ranges `metadata_modified:[2026-01-01 TO *]`; `*` and `?` wildcards;
- `rows` (default 10, at most 1000), `start`, `sort` (`score desc, metadata_modified desc`
  by default; also `title_string asc`, `metadata_modified desc`, `name asc` …),
  `facet_fields` (`["organization", "res_format", "license_id", "tags", "data_themes"]`),
  `facet_limit`, `facet_mincount`.

The Danish quirk: on opendata.dk a licence belongs to each **resource** (file), not to the
dataset, as an EU code (`CC0`, `CC_BY`, `CC_BYSA`); a dataset may have a CC0 CSV and a
CC BY GeoJSON. `license_id:CC_BY` here finds datasets with at least one such resource.
On the live portal, whose Solr index is configured by its operators, a licence filter or
facet may find fewer datasets: judge licences from the resources (`resources_table`).

`get(resource)` fetches a resource's file: offline, the path of the file the kit ships
(`datasets/catalogue/local_files.json`; nothing is copied); online, a download into
`oddk.paths.output_dir(...)` (an existing file with other content is never overwritten).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import ckanapi
import pandas as pd
import requests

from oddk import vocab
from oddk.paths import datasets_dir, output_dir
from oddk.portal import search as portal_search

__all__ = [
    "OFFLINE",
    "LIVE_PORTAL",
    "Catalogue",
    "CatalogueError",
    "PortalUnreachable",
    "connect",
    "results_table",
    "resources_table",
    "facet_table",
    "licence_terms",
    "openness_stars",
]

OFFLINE = "offline"
LIVE_PORTAL = "https://admin.opendata.dk"
TIMEOUT = (10, 60)  # seconds to connect, seconds to wait for an answer
SNAPSHOT_DATE = "2026-11-01"

# Reuse without a licence, and with a code the portal does not know; what each licence
# lets you do is oddk.vocab's.
_NO_LICENCE = {
    "en": (
        "no: ask first",
        "no licence is given: you may not assume you can reuse it; ask the publisher to add one",
    ),
    "da": (
        "nej: spørg først",
        "der er ingen licens: du kan ikke gå ud fra, at du må genbruge data; bed udgiveren om at "
        "give dem en",
    ),
}
_UNKNOWN_LICENCE = {
    "en": ("unknown: check", "'{code}' is not one of the portal's licence codes; read the licence text"),
    "da": ("ukendt: tjek", "'{code}' er ikke en af portalens licenskoder; læs licensteksten"),
}


class CatalogueError(Exception):
    """Something the catalogue cannot do, said in plain words (what, where, what to do)."""


class PortalUnreachable(CatalogueError, ConnectionError):
    """The portal did not answer (no network, a wrong address, or the portal is down)."""


def connect(portal: str = OFFLINE, apikey: str | None = None, *, check: bool = True) -> Catalogue:
    """A catalogue for `portal`: "offline" (the kit's snapshot), or a portal's web address.

    `apikey` defaults to the environment variable ODDK_API_KEY (never write a key in a
    notebook). With `check`, an online portal is asked for `status_show` at once, so a
    wrong address fails here with a plain message rather than at the first search.
    """
    cat = Catalogue(portal, apikey)
    if check and not cat.offline:
        cat.status()
    return cat


class Catalogue:
    """One interface over a CKAN portal (online) or the embedded snapshot (offline).

    Methods answer as CKAN's actions do: `search` ~ package_search, `show` ~ package_show,
    `resource` ~ resource_show, `organisations` ~ organization_list(all_fields=True),
    `themes` ~ group_list(all_fields=True), `status` ~ status_show.
    """

    def __init__(self, portal: str = OFFLINE, apikey: str | None = None, *, catalogue_dir=None):
        portal = (portal or OFFLINE).strip()
        self.offline = portal.lower() == OFFLINE
        self.apikey = apikey if apikey is not None else (os.environ.get("ODDK_API_KEY") or None)
        if self.offline:
            self.url = None
            self.catalogue_dir = (
                Path(catalogue_dir) if catalogue_dir else datasets_dir() / "catalogue"
            )
            self._snapshot = _Snapshot(self.catalogue_dir)
            self._ckan = None
        else:
            self.url = base_url(portal)
            self.catalogue_dir = None
            self._snapshot = None
            self._ckan = ckanapi.RemoteCKAN(
                self.url, apikey=self.apikey, user_agent="oddk-kit (ckanapi)"
            )

    def __repr__(self) -> str:
        return f"Catalogue({OFFLINE!r})" if self.offline else f"Catalogue({self.url!r})"

    @property
    def where(self) -> str:
        """In words: which catalogue this is."""
        if self.offline:
            taken = read_source(self.catalogue_dir)
            if taken:
                return f"a snapshot of {taken['portal']} ({taken['date']}, offline)"
            return (
                f"the kit's snapshot of the Open Data DK catalogue ({SNAPSHOT_DATE}, "
                "synthetic, offline)"
            )
        return f"the CKAN portal at {self.url}"

    # --- the actions ---------------------------------------------------------------
    def call(self, action: str, **data):
        """Call any CKAN action by name (online), or one of the read actions offline."""
        if self.offline:
            return self._snapshot.call(action, data)
        try:
            return self._ckan.call_action(action, data, requests_kwargs={"timeout": TIMEOUT})
        except requests.exceptions.RequestException as err:
            raise PortalUnreachable(_unreachable(self.url, err)) from None
        except ckanapi.errors.ServerIncompatibleError:
            raise CatalogueError(
                f"{self.url} answered, but not as a CKAN portal does. Check the address: give the "
                f"portal's own address (e.g. {LIVE_PORTAL}), not a page on it; "
                'or use portal="offline".'
            ) from None

    def datastore_records(self, resource_id: str, *, page: int = 1000, **query) -> pd.DataFrame:
        """Every record of a DataStore table that matches `query` (q, filters, fields, sort),
        fetched page by page with datastore_search (`limit` = `page`, `offset` moving on until
        `total`), as a table in the DataStore's own column order. Values stay as the DataStore
        gives them (numbers in text fields are text)."""
        if {"limit", "offset", "records_format"} & set(query):
            raise ValueError("datastore_records pages through the table itself: give `page`, "
                             "not limit, offset or records_format.")
        records, offset, fields = [], 0, None
        while True:
            found = self.call("datastore_search", resource_id=resource_id, limit=page,
                              offset=offset, **query)
            fields = fields or [f["id"] for f in found["fields"]]
            records += found["records"]
            offset += len(found["records"])  # the portal may cap the page below `page`
            if not found["records"] or offset >= found["total"]:
                return pd.DataFrame.from_records(records, columns=fields)

    def status(self) -> dict:
        """status_show: the portal's name and CKAN version."""
        return self.call("status_show")

    def search(
        self,
        q: str = "",
        fq: str = "",
        *,
        rows: int | None = None,
        start: int | None = None,
        sort: str | None = None,
        facet_fields: list[str] | None = None,
        facet_limit: int | None = None,
        facet_mincount: int | None = None,
        fq_list: list[str] | None = None,
        include_private: bool | None = None,
    ) -> dict:
        """package_search: `{count, results, facets, search_facets, sort}`.

        `search(q="toiletter", fq="res_format:CSV", rows=20)`; see the module docstring
        for the query language. Only the parameters you give are sent.
        """
        data = {
            "q": q,
            "fq": fq,
            "rows": rows,
            "start": start,
            "sort": sort,
            "facet.field": facet_fields,
            "facet.limit": facet_limit,
            "facet.mincount": facet_mincount,
            "fq_list": fq_list,
            "include_private": include_private,
        }
        return self.call("package_search", **{k: v for k, v in data.items() if v not in (None, "")})

    def search_all(self, q: str = "", fq: str = "", *, page: int = 100, **more) -> list[dict]:
        """Every dataset a search finds, fetched page by page (`rows`/`start`)."""
        found: list[dict] = []
        while True:
            result = self.search(q, fq, rows=page, start=len(found), **more)
            found += result["results"]
            if not result["results"] or len(found) >= result["count"]:
                return found

    def facets(self, fields, q: str = "", fq: str = "", *, limit: int = 50) -> dict:
        """The search's facets in CKAN's `search_facets` shape:
        `{field: {"title": field, "items": [{"name", "display_name", "count"}, ...]}}`."""
        fields = [fields] if isinstance(fields, str) else list(fields)
        return self.search(q, fq, rows=0, facet_fields=fields, facet_limit=limit)["search_facets"]

    def show(self, name_or_id: str) -> dict:
        """package_show: one dataset with its resources, by name or id
        (`show("offentlige-toiletter-aarhus")`)."""
        return self.call("package_show", id=name_or_id)

    def resource(self, resource_id: str) -> dict:
        """resource_show: one resource by its id."""
        return self.call("resource_show", id=resource_id)

    def organisations(self, all_fields: bool = True) -> list:
        """organization_list: the publishers (dicts with package_count, sorted by title)."""
        return self.call("organization_list", all_fields=all_fields)

    def themes(self, all_fields: bool = True) -> list:
        """group_list: on opendata.dk the EU data themes (`tran`, `envi` …) as groups."""
        return self.call("group_list", all_fields=all_fields)

    # --- getting a file ------------------------------------------------------------
    def get(self, resource, into: str = "downloads", *, overwrite: bool = False) -> Path:
        """The file behind a resource (a resource dict, its id, or its URL).

        Offline: the path of the file the kit ships in datasets/ (not copied; read it,
        never change it). Online: downloaded into `oddk.paths.output_dir(into)`; a
        shapefile's .shx/.dbf/.prj/.cpg come along when the portal has them. If a file of
        the same name is already there with other content, it is kept and you get an error,
        unless `overwrite=True`.
        """
        if self.offline:
            return self._snapshot.local_file(resource)
        res = resource if isinstance(resource, dict) else None
        if res is None and isinstance(resource, str) and "://" not in resource:
            res = self.resource(resource)
        url = res.get("url") if res else str(resource)
        if not url or "://" not in url:
            raise CatalogueError(
                f"Resource {(res or {}).get('id', resource)!r} has no web address to download from "
                "(its url is empty). Ask the publisher, or pick another resource."
            )
        folder = output_dir(into)
        name = _file_name(url, res)
        key = self.apikey if _same_site(url, self.url) else None  # never send the key elsewhere
        target = _download(url, folder / name, overwrite, key)
        if name.lower().endswith(".shp"):
            for ext in (".shx", ".dbf", ".prj", ".cpg"):
                side_url = url[: -len(".shp")] + ext if url.lower().endswith(".shp") else None
                if side_url:
                    try:
                        _download(side_url, folder / (name[:-4] + ext), overwrite, key)
                    except CatalogueError:
                        pass  # not every shapefile has every part; read_table says what is missing
        return target


# --- tables for people ---------------------------------------------------------------


def _org_title(pkg: dict) -> str:
    org = pkg.get("organization")
    return (org.get("title") or org.get("name") or "") if isinstance(org, dict) else ""


def _resources(pkg: dict) -> list[dict]:
    return [r for r in pkg.get("resources") or [] if isinstance(r, dict)]


def _licences(pkg: dict) -> list:
    return sorted(
        {r.get("license_id") or "none" for r in _resources(pkg)}
        | ({pkg["license_id"]} if pkg.get("license_id") else set())
    )


DEFAULT_COLUMNS = [
    "name",
    "title",
    "organisation",
    "formats",
    "licences",
    "update_frequency",
    "metadata_modified",
]


def results_table(result, columns: list[str] | None = None) -> pd.DataFrame:
    """One row per dataset of a search result (or a list of datasets), with the columns you
    decided you need (the "horizon table"). Besides any top-level field, these are made:
    `organisation` (its title), `formats`, `licences` (each resource's, "none" when missing),
    `themes`, `tags`, `resources` (how many), `stars` (best 5-star level of its resources)."""
    packages = result["results"] if isinstance(result, dict) else list(result)
    columns = columns or DEFAULT_COLUMNS
    made = {
        "organisation": _org_title,
        "formats": lambda p: ", ".join(sorted({r.get("format") or "?" for r in _resources(p)})),
        "licences": lambda p: ", ".join(_licences(p)),
        "themes": lambda p: ", ".join(p.get("data_themes") or []),
        "tags": lambda p: ", ".join(portal_search.field_values(p, "tags")),
        "resources": lambda p: len(_resources(p)),
        "stars": lambda p: max(
            (openness_stars(r.get("format"), r.get("license_id")) for r in _resources(p)), default=0
        ),
    }
    rows = [{c: (made[c](p) if c in made else p.get(c)) for c in columns} for p in packages]
    return pd.DataFrame(rows, columns=columns)


def resources_table(result) -> pd.DataFrame:
    """One row per resource (file) of a search result, a dataset, or a list of datasets:
    dataset, organisation, resource name, format, license_id, stars, what the licence allows
    (reuse), url, id."""
    if isinstance(result, dict) and "results" in result:
        packages = result["results"]
    elif isinstance(result, dict):
        packages = [result]
    else:
        packages = list(result)
    rows = []
    for p in packages:
        for r in _resources(p):
            rows.append(
                {
                    "dataset": p.get("name"),
                    "organisation": _org_title(p),
                    "resource": r.get("name"),
                    "format": r.get("format"),
                    "license_id": r.get("license_id"),
                    "stars": openness_stars(r.get("format"), r.get("license_id")),
                    "reuse": licence_terms(r.get("license_id"))["reuse"],
                    "url": r.get("url"),
                    "id": r.get("id"),
                }
            )
    columns = [
        "dataset",
        "organisation",
        "resource",
        "format",
        "license_id",
        "stars",
        "reuse",
        "url",
        "id",
    ]
    return pd.DataFrame(rows, columns=columns)


def facet_table(result: dict, field: str) -> pd.DataFrame:
    """A search's facet as a table (name, display_name, count), most common first.
    `result` is a search result asked with `facet_fields=[field]`, or `facets(...)`'s answer."""
    facets = result.get("search_facets", result)
    if field not in facets:
        raise CatalogueError(
            f"The result has no facet {field!r}. Ask for it: search(..., facet_fields=[{field!r}])."
        )
    items = facets[field]["items"]
    df = pd.DataFrame(items, columns=["name", "display_name", "count"])
    return df.sort_values(["count", "name"], ascending=[False, True], ignore_index=True)


def licence_terms(license_id, language: str = "en") -> dict:
    """What a resource's licence code means for reuse, in plain words (English, or Danish with
    `language="da"`): `{"license_id", "title", "open", "reuse", "conditions"}`.
    `licence_terms("CC_BY")["reuse"]` → "yes, with attribution". The words and whether a
    licence is open come from `oddk.vocab.LICENCES`; a variant such as "cc-by-4.0" is known."""
    code = str(license_id or "").strip()
    lang = "da" if language == "da" else "en"
    lic = vocab.licence(code)
    if lic is not None:
        reuse, conditions = lic.reuse[lang], lic.conditions[lang]
    elif not code:
        reuse, conditions = _NO_LICENCE[lang]
    else:
        reuse, conditions = _UNKNOWN_LICENCE[lang]
        conditions = conditions.format(code=code)
    return {
        "license_id": license_id,
        "title": lic.title if lic else (code or ("ingen licens" if lang == "da" else "no licence")),
        "open": bool(lic and lic.open),
        "reuse": reuse,
        "conditions": conditions,
    }


def openness_stars(fmt, license_id) -> int:
    """A resource's level on the 5-star openness scale (5stardata.info):
    0 no open licence · 1 open licence, any format (PDF) · 2 structured (XLSX, shapefile)
    · 3 open, non-proprietary format (CSV, GeoJSON, JSON, an OGC service) · 4 RDF with URIs
    · 5 linked to other data (we cannot tell 5 from the format; RDF counts as 4).
    `openness_stars("CSV", "CC0")` → 3; `openness_stars("CSV", None)` → 0."""
    if not vocab.is_open(license_id):
        return 0
    return vocab.format_stars(fmt)


# --- the offline snapshot ------------------------------------------------------------


class _Snapshot:
    """The embedded catalogue: the practice portal's read actions, in-process, over a
    read-only store of the snapshot (oddk.local_catalogue), and the files the kit ships."""

    def __init__(self, folder: Path):
        packages_file = folder / "packages.json"
        if not packages_file.is_file():
            raise CatalogueError(
                f"The catalogue snapshot is missing ({packages_file}). Rebuild the kit's data with "
                '`oddk datasets`, or give a portal\'s address instead of "offline".'
            )
        self.folder = folder
        self.local = _load_json(folder / "local_files.json", [])

    def call(self, action: str, data: dict):
        from oddk.local_catalogue import LocalPortal, ReadOnly

        if action == "status_show":  # the snapshot's own identity, not a portal's
            return self._status_show(data)
        try:
            return LocalPortal.for_folder(self.folder).call(action, data)
        except ReadOnly:
            raise CatalogueError(
                f"'{action}' changes a catalogue, and the kit's snapshot is read-only offline. "
                "Use a practice portal (`oddk portal serve`) or the live portal for it."
            ) from None

    def _status_show(self, data):
        return {
            "site_title": "Open Data DK catalogue snapshot (oddk-kit, offline)",
            "site_url": None,
            "ckan_version": "2.11.0",
            "snapshot_date": SNAPSHOT_DATE,
            "locale_default": "da_DK",
            "extensions": ["scheming_datasets"],
        }

    # --- files --------------------------------------------------------------------
    def local_file(self, resource) -> Path:
        rid = resource.get("id") if isinstance(resource, dict) else resource
        url = resource.get("url") if isinstance(resource, dict) else resource
        for item in self.local:
            if rid in (item.get("resource_id"),) or url == item.get("url"):
                path = (datasets_dir() / item["path"]).resolve()
                if not path.is_file():
                    raise CatalogueError(
                        f"The kit should ship {item['path']} for this resource, but it is not in "
                        f"{datasets_dir()}. Rebuild the kit's data with `oddk datasets`."
                    )
                return path
        shipped = len({i.get("resource_id") for i in self.local})
        what = (
            f"resource {rid!r}"
            if isinstance(resource, dict) or "://" not in str(resource)
            else f"'{url}'"
        )
        raise CatalogueError(
            f"Offline, the kit has files for {shipped} resources only (the toilets, playgrounds, "
            f"parking, bicycle counts and tourism datasets), and {what} is not one of them. The "
            "snapshot is synthetic: its other addresses lead nowhere. Pick a shipped resource "
            "(catalogue.shipped_resources()) or connect to a portal."
        )


def read_source(folder) -> dict | None:
    """What a catalogue folder taken from a portal says of itself (its source.json, written by
    `oddk catalogue snapshot`): portal, date, counts; None for the kit's own snapshot."""
    path = Path(folder) / "source.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def shipped_resources() -> pd.DataFrame:
    """The resources whose files the kit ships (offline `get` works for these)."""
    items = _load_json(datasets_dir() / "catalogue" / "local_files.json", [])
    return pd.DataFrame(items, columns=["package", "resource_id", "format", "path"])


# --- helpers -------------------------------------------------------------------------


def base_url(portal: str) -> str:
    """A portal's base address from what people paste: "https://admin.opendata.dk/api/3/action/"
    → "https://admin.opendata.dk"."""
    url = portal.strip()
    if not re.match(r"^https?://", url, re.I):
        raise CatalogueError(
            f'{portal!r} is neither "offline" nor a web address. Give the portal\'s address with '
            f"http:// or https:// (e.g. {LIVE_PORTAL}, or http://127.0.0.1:5000 for a practice "
            'portal), or "offline" for the kit\'s snapshot.'
        )
    url = re.sub(r"/api(/\d+)?(/action)?(/[A-Za-z_]*)?/?$", "", url.rstrip("/"))
    return url.rstrip("/")


def _unreachable(url: str, err: Exception) -> str:
    if isinstance(err, requests.exceptions.Timeout):
        why = "it did not answer in time"
    elif isinstance(err, requests.exceptions.SSLError):
        why = "its security certificate could not be checked"
    elif (
        "Name or service not known" in str(err)
        or "getaddrinfo" in str(err)
        or "resolve" in str(err).lower()
    ):
        why = "the name could not be found (no internet, or a typing error in the address)"
    elif isinstance(err, requests.exceptions.ConnectionError):
        why = "the connection was refused or failed (no internet, or nothing runs at that address)"
    else:
        why = f"the request failed ({type(err).__name__})"
    return (
        f"Could not reach the portal at {url}: {why}. Check the address and your internet "
        "connection (a practice portal must be running: `oddk portal serve`), or use "
        'portal="offline" to search the kit\'s snapshot of the catalogue instead.'
    )


def _file_name(url: str, res: dict | None) -> str:
    name = unquote(urlparse(url).path.rsplit("/", 1)[-1])
    name = re.sub(r"[^\w.\-]+", "_", name).strip("._")
    if not name:
        fmt = ((res or {}).get("format") or "bin").lower()
        name = f"{(res or {}).get('id') or 'download'}.{fmt}"
    return name


def _same_site(url: str, portal_url: str | None) -> bool:
    """True when `url` is on the portal's own scheme, host and port (where its API key belongs)."""
    if not portal_url:
        return False
    a, b = urlparse(url), urlparse(portal_url)
    return (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower())


def _download(url: str, target: Path, overwrite: bool, apikey: str | None) -> Path:
    try:
        headers = {"Authorization": apikey} if apikey else {}
        with requests.get(url, timeout=TIMEOUT, stream=True, headers=headers) as r:
            if r.status_code != 200:
                raise CatalogueError(
                    f"Could not download {url}: the server answered {r.status_code} "
                    f"{r.reason}. The address may be out of date; tell the publisher."
                )
            data = r.content
    except requests.exceptions.RequestException as err:
        raise PortalUnreachable(
            _unreachable(url, err).replace("the portal at", "the file at")
        ) from None
    if target.exists() and not overwrite:
        if target.read_bytes() == data:
            return target
        raise CatalogueError(
            f"{target} already exists with other content, and the kit never overwrites a file "
            "silently. Move it away, or call get(..., overwrite=True)."
        )
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target


def _load_json(path: Path, default=None):
    if not path.is_file():
        if default is not None:
            return default
        raise CatalogueError(f"{path} is missing. Rebuild the kit's data with `oddk datasets`.")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise CatalogueError(
            f"{path} is not valid JSON ({err}). Rebuild it with `oddk datasets`."
        ) from None


def _is_private(pkg: dict) -> bool:
    private = pkg.get("private")
    return private is True or (isinstance(private, str) and private.lower() == "true")


def _as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return bool(value)
