"""The kit's vocabularies, each written once: Denmark's extent, coordinate system names,
Danish letter folding, licences, file types, EU data themes, update frequencies and GeoFA's
code lists. Every other module imports them from here; nothing re-declares a list.

    >>> fold("Århus Kommune")
    'aarhus kommune'
    >>> DENMARK_EXTENT["EPSG:4326"]
    ((7.9, 15.3), (54.5, 57.8))
    >>> licence("cc-by-4.0").code, is_open("CC_BYNC"), licence("CC-BY-SA-4.0").open
    ('CC_BY_4_0', False, True)
    >>> file_type("shapefile").code, format_stars("xlsx"), format_stars(".csv")
    ('SHP', 2, 3)
    >>> THEMES["ENVI"]["da"], FREQUENCIES["ANNUAL"]["en"]
    ('Miljø', 'annual')
    >>> geofa_codes()["facil_ty_k"]["1012"]
    'Toilet'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# --------------------------------------------------------------------------- geography

#: Denmark's extent in each coordinate system the kit meets, with a margin (Bornholm and
#: Christiansø, at x ≈ 893,000 and lon 15.19, included): ((min x, max x), (min y, max y)).
#: For EPSG:4326 x is longitude and y latitude.
DENMARK_EXTENT = {
    "EPSG:25832": ((400_000, 910_000), (6_000_000, 6_450_000)),
    "EPSG:4326": ((7.9, 15.3), (54.5, 57.8)),
    "EPSG:3857": ((890_000, 1_693_000), (7_265_000, 7_926_000)),
}

#: Bornholm in UTM zone 33 (EPSG:25833) metres, Christiansø included; as EPSG:25832 the same
#: numbers lie in South Jutland, so a file's values alone cannot tell the two apart.
BORNHOLM_33 = ((470_000, 520_000), (6_085_000, 6_140_000))

#: The coordinate systems by name, in plain words.
CRS_NAMES = {
    "EPSG:25832": "ETRS89 / UTM zone 32N",
    "EPSG:4326": "WGS 84 (longitude/latitude)",
    "EPSG:3857": "WGS 84 / Pseudo-Mercator (web maps)",
}


def inside_denmark(lon, lat, crs: str = "EPSG:4326"):
    """True where WGS84 longitude/latitude (or x, y in another system of DENMARK_EXTENT;
    scalars or pandas/numpy arrays) lie in Denmark's extent: `inside_denmark(10.2, 56.15)`
    is True (Aarhus)."""
    (x0, x1), (y0, y1) = DENMARK_EXTENT[crs]
    return (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)


# --------------------------------------------------------------------------- Danish letters

#: Danish (and the neighbours') letters spelled in ASCII, as Danish systems do when they
#: cannot write them: Århus → aarhus, Køge → koege, Ærø → aeroe.
LETTER_FOLDING = {"å": "aa", "æ": "ae", "ø": "oe", "é": "e", "è": "e", "ü": "ue", "ö": "oe",
                  "ä": "ae"}
_FOLD = str.maketrans(LETTER_FOLDING)


def fold(text) -> str:
    """`text` in lower case with Danish letters spelled in ASCII (å → aa, æ → ae, ø → oe);
    nothing else changed, so callers decide what to do with spaces and signs."""
    return str(text).strip().lower().translate(_FOLD)


# --------------------------------------------------------------------------- EU authority lists

#: The EU Vocabularies' authority tables (Publications Office), which opendata.dk's codes
#: come from: `EU_AUTHORITY + "licence/CC0"`, `… + "data-theme/ENVI"`, `… + "file-type/CSV"`.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"


# --------------------------------------------------------------------------- licences


@dataclass(frozen=True)
class Licence:
    """One licence as opendata.dk gives it to a resource (file): its EU code, its title, the
    SPDX id data packages use, the licence text, the EU authority URI, whether it is open
    data (the Open Definition: no licence that forbids changes (ND) or commercial use (NC)
    is open), its ADMS licence types and, in plain English and Danish, what reuse needs."""

    code: str
    title: str
    spdx: str | None
    url: str
    open: bool
    types: tuple[str, ...]
    reuse: dict = field(hash=False)  # {"en": …, "da": …}
    conditions: dict = field(hash=False)  # {"en": …, "da": …}
    aliases: tuple[str, ...] = ()  # other names for it in the wild (CKAN's own ids)
    uri: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "uri", EU_AUTHORITY + "licence/" + self.code)

    @property
    def short(self) -> str:
        """The name people know it by, the same in every language: 'CC BY 4.0', 'ODbL 1.0'."""
        if not self.spdx:
            return "PDM 1.0" if self.code == "PDM_1_0" else self.code
        name, version = self.spdx.rsplit("-", 1)
        return f"{'CC ' + name[3:] if name.startswith('CC-') else name} {version}"


def _words(en: tuple[str, str], da: tuple[str, str]) -> dict:
    return {"reuse": {"en": en[0], "da": da[0]}, "conditions": {"en": en[1], "da": da[1]}}


_FREE = _words(
    ("yes", "no conditions: use, change and share, also commercially; "
            "naming the source is polite, not required"),
    ("ja", "ingen betingelser: brug, ændr og del data, også kommercielt; "
           "at nævne kilden er høfligt, men ikke et krav"),
)
_PUBLIC_DOMAIN = _words(
    ("yes", "public domain: no conditions"),
    ("ja", "fri af ophavsret (public domain): ingen betingelser"),
)
_BY = _words(
    ("yes, with attribution",
     "name the source (the publisher and the dataset) wherever you use or share the data"),
    ("ja, med kildeangivelse",
     "nævn kilden (udgiveren og datasættet), hvor du end bruger eller deler data"),
)
_ODC_BY = _words(
    ("yes, with attribution", "name the source wherever you use or share the data"),
    ("ja, med kildeangivelse", "nævn kilden, hvor du end bruger eller deler data"),
)
_BYSA = _words(
    ("yes, with attribution and share-alike",
     "name the source, and share what you make from it under the same licence"),
    ("ja, med kildeangivelse og deling på samme vilkår",
     "nævn kilden, og del det, du laver ud fra data, under samme licens"),
)
_ODBL = _words(
    ("yes, with attribution and share-alike",
     "name the source, and share a changed database under the same licence"),
    ("ja, med kildeangivelse og deling på samme vilkår",
     "nævn kilden, og del en ændret database under samme licens"),
)


def _not_open(en: str, da: str) -> dict:
    return _words(
        ("no: not open data", f"this licence restricts use ({en}): it is not an open licence"),
        ("nej: ikke åbne data", f"licensen begrænser brugen ({da}): den er ikke en åben licens"),
    )


_ND = _not_open("no changes", "ingen ændringer")
_NC = _not_open("no commercial use", "ingen kommerciel brug")
_NCND = _not_open("no changes and no commercial use", "ingen ændringer og ingen kommerciel brug")

_CC = "https://creativecommons.org/"
_ODC = "https://opendatacommons.org/licenses/"


def _cc(code, title, spdx, path, types, words, aliases=()):
    is_open = not any(t in ("NoDerivativeWork", "NonCommercialUseOnly") for t in types)
    return Licence(code, title, spdx, _CC + path, is_open, types, aliases=aliases, **words)


_A, _SA, _ND_T, _NC_T, _PD = (
    "Attribution", "ShareAlike", "NoDerivativeWork", "NonCommercialUseOnly", "PublicDomain")

#: Every licence code opendata.dk offers for a resource, in the portal's order. An
#: unversioned Creative Commons code (CC_BY) means the current version, 4.0: its SPDX id
#: and licence text are 4.0's (as a data package needs a version).
LICENCES: dict[str, Licence] = {lic.code: lic for lic in [
    _cc("CC0", "Creative Commons CC0 1.0 Universal", "CC0-1.0", "publicdomain/zero/1.0/",
        (_PD,), _FREE, ("cc-zero",)),
    _cc("CC_BY", "Creative Commons Attribution", "CC-BY-4.0", "licenses/by/4.0/", (_A,), _BY),
    _cc("CC_BY_4_0", "Creative Commons Attribution 4.0 International", "CC-BY-4.0",
        "licenses/by/4.0/", (_A,), _BY),
    _cc("CC_BYSA", "Creative Commons Attribution-ShareAlike", "CC-BY-SA-4.0", "licenses/by-sa/4.0/",
        (_A, _SA), _BYSA),
    _cc("CC_BYSA_4_0", "Creative Commons Attribution-ShareAlike 4.0 International", "CC-BY-SA-4.0",
        "licenses/by-sa/4.0/", (_A, _SA), _BYSA),
    _cc("CC_BYND", "Creative Commons Attribution-NoDerivatives", "CC-BY-ND-4.0",
        "licenses/by-nd/4.0/", (_A, _ND_T), _ND),
    _cc("CC_BYND_4_0", "Creative Commons Attribution-NoDerivatives 4.0 International",
        "CC-BY-ND-4.0", "licenses/by-nd/4.0/", (_A, _ND_T), _ND),
    _cc("CC_BYNC", "Creative Commons Attribution-NonCommercial", "CC-BY-NC-4.0",
        "licenses/by-nc/4.0/", (_A, _NC_T), _NC, ("cc-nc",)),
    _cc("CC_BYNC_4_0", "Creative Commons Attribution-NonCommercial 4.0 International",
        "CC-BY-NC-4.0", "licenses/by-nc/4.0/", (_A, _NC_T), _NC),
    _cc("CC_BYNCSA", "Creative Commons Attribution-NonCommercial-ShareAlike", "CC-BY-NC-SA-4.0",
        "licenses/by-nc-sa/4.0/", (_A, _NC_T, _SA), _NC),
    _cc("CC_BYNCSA_4_0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
        "CC-BY-NC-SA-4.0", "licenses/by-nc-sa/4.0/", (_A, _NC_T, _SA), _NC),
    _cc("CC_BYNCND", "Creative Commons Attribution-NonCommercial-NoDerivatives", "CC-BY-NC-ND-4.0",
        "licenses/by-nc-nd/4.0/", (_A, _NC_T, _ND_T), _NCND),
    _cc("CC_BYNCND_4_0",
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
        "CC-BY-NC-ND-4.0", "licenses/by-nc-nd/4.0/", (_A, _NC_T, _ND_T), _NCND),
    Licence("ODC_BY", "Open Data Commons Attribution License", "ODC-By-1.0", _ODC + "by/1-0/",
            True, (_A,), **_ODC_BY),
    Licence("ODC_ODBL", "Open Data Commons Open Database License", "ODbL-1.0",
            _ODC + "odbl/1-0/", True, (_A, _SA), aliases=("odbl",), **_ODBL),
    Licence("ODC_PDDL", "Open Data Commons Public Domain Dedication and License", "PDDL-1.0",
            _ODC + "pddl/1-0/", True, (_PD,), aliases=("pddl",), **_PUBLIC_DOMAIN),
    Licence("PDM_1_0", "Public Domain Mark 1.0", None, _CC + "publicdomain/mark/1.0/", True,
            (_PD,), aliases=("pdm",), **_PUBLIC_DOMAIN),
]}

#: The portal's default for a resource given no licence.
DEFAULT_LICENCE = "CC0"


def _squash(text) -> str:
    """'cc-by-4.0', 'CC_BY_4_0' and 'CC BY 4.0' all give 'CCBY40'."""
    return re.sub(r"[^A-Z0-9]", "", str(text).upper())


def _url_key(text) -> str:
    url = re.sub(r"^https?://(www\.)?", "", str(text).strip().lower())
    return re.sub(r"/(legalcode(\.\w+)?|deed\.\w+)?/?$", "", url)


def _licence_index() -> tuple[dict, dict]:
    names: dict[str, str] = {_squash(code): code for code in LICENCES}  # a code wins
    urls: dict[str, str] = {}
    for lic in reversed(LICENCES.values()):  # a versioned code (CC_BY_4_0) before CC_BY
        for name in (lic.spdx, lic.title, *lic.aliases):
            if name:
                names.setdefault(_squash(name), lic.code)
        urls.setdefault(_url_key(lic.url), lic.code)
    return names, urls


_LICENCE_NAMES, _LICENCE_URLS = _licence_index()


def licence(value) -> Licence | None:
    """The licence named by its EU code ("CC_BY_4_0"), a variant of it ("cc-by-4.0", "cc_by",
    "CC BY-SA"), its SPDX id ("CC-BY-4.0", "CC0-1.0"), its EU authority URI or the address of
    its text; None for anything else (no licence, "MIT", "other-open")."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if text.startswith(("http://", "https://")):
        if "/resource/authority/licence/" in text:
            return LICENCES.get(text.rstrip("/").rsplit("/", 1)[-1])
        code = _LICENCE_URLS.get(_url_key(text))
    else:
        code = _LICENCE_NAMES.get(_squash(text))
    return LICENCES[code] if code else None


def is_open(value) -> bool:
    """True when `value` names an open licence (CC0, CC BY, CC BY-SA, ODC's, the public domain
    mark); False for ND and NC licences, no licence and licences the kit does not know."""
    found = licence(value)
    return bool(found and found.open)


# --------------------------------------------------------------------------- file types


@dataclass(frozen=True)
class FileType:
    """An EU file-type code (resource `format` on opendata.dk) with its IANA media type (None
    for a web service), its level on the 5-star openness scale (5stardata.info: 1 any format,
    2 structured but tied to one program, 3 open format, 4 RDF), the names `oddk.read` gives
    the format and the file-name suffixes it comes with."""

    code: str
    media_type: str | None
    stars: int
    formats: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    uri: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "uri", EU_AUTHORITY + "file-type/" + self.code)


_XML = "application/vnd.openxmlformats-officedocument."

#: The EU file types the kit knows, the commonest first.
FILE_TYPES: dict[str, FileType] = {ft.code: ft for ft in [
    FileType("CSV", "text/csv", 3, ("csv",), (".csv",)),
    FileType("GEOJSON", "application/geo+json", 3, ("geojson",), (".geojson",)),
    FileType("JSON", "application/json", 3, ("json",), (".json",)),
    FileType("XLSX", _XML + "spreadsheetml.sheet", 2, ("xlsx",), (".xlsx",)),
    FileType("SHP", "application/zip", 2, ("shapefile",), (".shp",)),  # a zipped shapefile
    FileType("GPKG", "application/geopackage+sqlite3", 3, (), (".gpkg",)),
    FileType("XML", "application/xml", 3, (), (".xml",)),
    FileType("PDF", "application/pdf", 1, (), (".pdf",)),
    FileType("ZIP", "application/zip", 1, (), (".zip",)),
    FileType("WMS_SRVC", None, 3),
    FileType("WFS_SRVC", None, 3),
    FileType("TSV", "text/tab-separated-values", 3, ("tsv",), (".tsv", ".tab")),
    FileType("TXT", "text/plain", 3, (), (".txt",)),
    FileType("XLS", "application/vnd.ms-excel", 2, (), (".xls",)),
    FileType("ODS", "application/vnd.oasis.opendocument.spreadsheet", 3, (), (".ods",)),
    FileType("GML", "application/gml+xml", 3, (), (".gml",)),
    FileType("KML", "application/vnd.google-earth.kml+xml", 3, (), (".kml",)),
    FileType("DOC", "application/msword", 1, (), (".doc",)),
    FileType("DOCX", _XML + "wordprocessingml.document", 1, (), (".docx",)),
    FileType("JPEG", "image/jpeg", 1, (), (".jpg", ".jpeg")),
    FileType("PNG", "image/png", 1, (), (".png",)),
    FileType("TIFF", "image/tiff", 1, (), (".tif", ".tiff")),
    FileType("RDF", "application/rdf+xml", 4, (), (".rdf",)),
    FileType("RDF_XML", "application/rdf+xml", 4),
    FileType("RDF_TURTLE", "text/turtle", 4, (), (".ttl",)),
    FileType("TTL", "text/turtle", 4),
    FileType("JSON_LD", "application/ld+json", 4, (), (".jsonld",)),
]}


def _file_type_index() -> dict[str, str]:
    index = {}
    for ft in FILE_TYPES.values():
        for name in (*ft.formats, *(s.lstrip(".") for s in ft.suffixes)):
            index.setdefault(name.lower(), ft.code)
    index.update({code.lower(): code for code in FILE_TYPES})  # a code wins
    return index


_FILE_TYPE_NAMES = _file_type_index()


def file_type(value) -> FileType | None:
    """The file type named by its EU code ("GEOJSON", any case), `oddk.read`'s format name
    ("shapefile" → SHP) or a file-name suffix (".xlsx"); None when the kit does not know it."""
    key = str(value or "").strip().lower().lstrip(".")
    code = _FILE_TYPE_NAMES.get(key) or _FILE_TYPE_NAMES.get(key.replace("-", "_"))
    return FILE_TYPES[code] if code else None


def format_stars(value) -> int:
    """A format's level on the 5-star scale, given an open licence: 3 for CSV, 2 for XLSX and
    shapefiles, 1 for PDF and for formats the kit does not know."""
    found = file_type(value)
    return found.stars if found else 1


# --------------------------------------------------------------------------- themes, frequencies

#: The EU data themes (opendata.dk's `data_themes`), with the EU's Danish and English labels.
THEMES: dict[str, dict[str, str]] = {
    "AGRI": {"da": "Landbrug, fiskeri, skovbrug og fødevarer",
             "en": "Agriculture, fisheries, forestry and food"},
    "ECON": {"da": "Økonomi og finanser", "en": "Economy and finance"},
    "EDUC": {"da": "Uddannelse, kultur og sport", "en": "Education, culture and sport"},
    "ENER": {"da": "Energi", "en": "Energy"},
    "ENVI": {"da": "Miljø", "en": "Environment"},
    "GOVE": {"da": "Regeringen og den offentlige sektor", "en": "Government and public sector"},
    "HEAL": {"da": "Sundhed", "en": "Health"},
    "INTR": {"da": "Internationale spørgsmål", "en": "International issues"},
    "JUST": {"da": "Retfærdighed, retssystem og offentlig sikkerhed",
             "en": "Justice, legal system and public safety"},
    "OP_DATPRO": {"da": "Foreløbige data", "en": "Provisional data"},
    "REGI": {"da": "Regioner og byer", "en": "Regions and cities"},
    "SOCI": {"da": "Befolkning og samfund", "en": "Population and society"},
    "TECH": {"da": "Videnskab og teknologi", "en": "Science and technology"},
    "TRAN": {"da": "Transport", "en": "Transport"},
}
#: The theme codes, in the portal's order.
DATA_THEMES = list(THEMES)

#: The EU "frequency" codes a municipality would use for `update_frequency`, in plain words.
FREQUENCIES: dict[str, dict[str, str]] = {
    "ANNUAL": {"en": "annual", "da": "årligt"},
    "ANNUAL_2": {"en": "twice a year", "da": "to gange om året"},
    "ANNUAL_3": {"en": "three times a year", "da": "tre gange om året"},
    "BIENNIAL": {"en": "every two years", "da": "hvert andet år"},
    "BIMONTHLY": {"en": "every two months", "da": "hver anden måned"},
    "BIWEEKLY": {"en": "every two weeks", "da": "hver anden uge"},
    "CONT": {"en": "continuous", "da": "løbende"},
    "DAILY": {"en": "daily", "da": "dagligt"},
    "DAILY_2": {"en": "twice a day", "da": "to gange om dagen"},
    "DECENNIAL": {"en": "every ten years", "da": "hvert tiende år"},
    "HOURLY": {"en": "hourly", "da": "hver time"},
    "IRREG": {"en": "irregular", "da": "uregelmæssigt"},
    "MONTHLY": {"en": "monthly", "da": "månedligt"},
    "MONTHLY_2": {"en": "twice a month", "da": "to gange om måneden"},
    "MONTHLY_3": {"en": "three times a month", "da": "tre gange om måneden"},
    "NEVER": {"en": "never", "da": "aldrig"},
    "OP_DATPRO": {"en": "provisional data", "da": "foreløbige data"},
    "QUADRENNIAL": {"en": "every four years", "da": "hvert fjerde år"},
    "QUARTERLY": {"en": "quarterly", "da": "kvartalsvis"},
    "QUINQUENNIAL": {"en": "every five years", "da": "hvert femte år"},
    "TRIENNIAL": {"en": "every three years", "da": "hvert tredje år"},
    "UNKNOWN": {"en": "unknown", "da": "ukendt"},
    "UPDATE_CONT": {"en": "continuously updated", "da": "opdateres løbende"},
    "WEEKLY": {"en": "weekly", "da": "ugentligt"},
    "WEEKLY_2": {"en": "twice a week", "da": "to gange om ugen"},
    "WEEKLY_3": {"en": "three times a week", "da": "tre gange om ugen"},
    "OTHER": {"en": "other", "da": "andet"},
}
#: The frequency codes, in the portal's order.
UPDATE_FREQUENCIES = list(FREQUENCIES)
#: How many days a frequency allows between updates (those that fix one: not IRREG,
#: UNKNOWN, NEVER, OTHER or provisional data).
FREQUENCY_DAYS = {
    "HOURLY": 1, "DAILY": 1, "DAILY_2": 1, "CONT": 1, "UPDATE_CONT": 1, "WEEKLY": 7,
    "WEEKLY_2": 7, "WEEKLY_3": 7, "BIWEEKLY": 14, "MONTHLY": 31, "MONTHLY_2": 31,
    "MONTHLY_3": 31, "BIMONTHLY": 61, "QUARTERLY": 92, "ANNUAL_2": 183, "ANNUAL_3": 122,
    "ANNUAL": 366, "BIENNIAL": 731, "TRIENNIAL": 1096, "QUADRENNIAL": 1461,
    "QUINQUENNIAL": 1827, "DECENNIAL": 3653,
}
#: The ones a municipality's dataset usually has, most often first (forms offer these).
COMMON_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL_2", "ANNUAL",
                      "BIENNIAL", "CONT", "IRREG", "NEVER", "UNKNOWN")


def licence_choices() -> list[str]:
    """The licences to offer a new dataset: one code per licence (the versioned CC codes,
    whose text names a version, not their unversioned twins), the open ones first."""
    by_name: dict[str, str] = {}
    for code, lic in LICENCES.items():
        by_name[lic.short] = code  # a versioned code comes after its unversioned twin
    return sorted(by_name.values(), key=lambda c: not LICENCES[c].open)


# --------------------------------------------------------------------------- GeoFA code lists

#: GeoFA's code lists (facility types, handicap access, ja/nej, the authorities' CVR numbers),
#: from the public data model (repository OpenFKG/fkg-postgresql).
GEOFA_CODES_FILE = Path(__file__).parent / "standards" / "schemas" / "geofa-codes.json"

#: GeoFA fields whose values come from the ja/nej list (d_basis_ja_nej).
GEOFA_JA_NEJ_FIELDS = ("doegnaab_k", "betaling_k")


@lru_cache(maxsize=1)
def geofa_codes() -> dict:
    """GeoFA's code lists as the file has them: {"facil_ty_k": {"1012": "Toilet", …},
    "handicap_k": {…}, "ja_nej": {…}, "cvr_kode": {"55133018": {"navn", "kommunekode"}, …}}.
    Read once and shared: do not change the answer."""
    return json.loads(GEOFA_CODES_FILE.read_text(encoding="utf-8"))


def geofa_code_list(name: str) -> dict[int, str]:
    """One GeoFA code list with integer codes: "facil_ty_k" (1012 → 'Toilet'), "handicap_k",
    "ja_nej" or a field that uses it ("doegnaab_k", "betaling_k"), "cvr_kode" (→ authority)."""
    key = "ja_nej" if name in GEOFA_JA_NEJ_FIELDS else name
    codes = geofa_codes()
    if key not in codes or key == "source":
        lists = ", ".join(k for k in codes if k != "source")
        raise KeyError(f"GeoFA has no code list {name!r} in the kit; it has {lists}.")
    table = codes[key]
    return {int(k): (v["navn"] if isinstance(v, dict) else v) for k, v in table.items()}
