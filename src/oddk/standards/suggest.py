"""Suggest how a municipality's own facility file maps to the GeoFA facility-points standard:
by the column names (Danish, English, ESRI's 10 upper-case characters) and by the values
(coordinates, Ja/Nej/yes/1/J → codes, type words → facil_ty_k, web addresses → link).

    >>> mapping = suggest_mapping(df, report, source="aarhus-toiletter.csv")   # doctest: +SKIP
    >>> mapping["fields"]["handicap_k"]                                        # doctest: +SKIP
    {'column': 'Handicapvenligt', 'codes': {'Ja': 1, 'Delvis': 2, 'Nej': 3}, 'why': '…'}

The suggestion is a plain dict in the form `apply_mapping` takes; every field says `why`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from oddk import reference, vocab
from oddk.clean_text import EMPTY_MARKERS, text_of
from oddk.personal import mask, mask_label
from oddk.read_report import FEATURE_FORMATS
from oddk.standards import geofa, hours
from oddk.standards.apply import TEXT_EMPTY as _TEXT_EMPTY
from oddk.standards.apply import WHOLE_DECIMAL, _whole


def fold(text) -> str:
    """A name or value as a plain key: 'Åbningstider' -> 'aabningstider', 'P-plads' -> 'pplads'."""
    return re.sub(r"[^a-z0-9/]+", "", vocab.fold(text))


#: Column names (folded) that mean a field; ESRI's 10-character truncations match by prefix.
NAMES = {
    "facil_ty_k": [
        "facilty",
        "faciltyk",
        "facilitet",
        "facilitetstype",
        "type",
        "kategori",
        "category",
        "facilitytype",
        "art",
        "underart",
        "undertype",
        "facilitetsart",
        "objekttype",
        "objektart",
        "anlaegstype",
        "anlaegsart",
    ],
    "navn": ["navn", "name", "parkeringsnavn", "titel", "title", "betegnelse", "stednavn",
             "legepladsnavn", "lokalitet", "anlaegsnavn"],
    "beskrivels": [
        "beskrivels",
        "beskrivelse",
        "description",
        "desc",  # GPX's, and many exports'
        "beskr",
        "bemaerkning",
        "bemaerkninger",
    ],
    "handicap_k": [
        "handicapk",
        "handicap",
        "handicapvenligt",
        "handicapvenlig",
        "handicapegnet",
        "accessible",
        "accessibility",
        "wheelchair",
        "tilgaengelig",
        "tilgaengelighed",
    ],
    "doegnaab_k": [
        "doegnaabk",
        "doegnaab",
        "doegnaaben",
        "doegnaabent",
        "aabningstider",
        "aabningstid",
        "openinghours",
        "opening",
        "hours",
        "altidaaben",
        "altidaabent",
        "aabenheledoegnet",
        "heledoegnet",
        "open247",
    ],
    "betaling_k": [
        "betalingk",
        "betaling",
        "betalingszone",
        "fee",
        "paid",
        "pris",
        "gebyr",
        "charge",
    ],
    "antal_pl": ["antalpl", "antalpladser", "pladser", "antal", "capacity", "spaces",
                 "parkeringspladser", "antalparkeringspladser", "kapacitet"],
    "postnr": ["postnr", "postnummer", "postalcode", "postcode", "zip", "zipcode", "postnumber"],
    "link": ["link", "url", "web", "www", "hjemmeside", "website", "weblink", "links", "linkurl",
             "webadresse", "hjemmesideadresse"],
    "cvr_kode": ["cvrkode", "cvr", "cvrnr"],
}

YES = {"ja", "yes", "j", "y", "true", "1", "x", "sand"}
NO = {"nej", "no", "n", "false", "0", "falsk"}
PARTLY = {"delvis", "delvist", "partial", "partly", "limited", "delvisthandicapegnet"}
UNKNOWN = {"ukendt", "unknown", "vedikke"}
#: Opening hours that mean "open around the clock" (doegnaab_k = 1); any other hours are 0.
ROUND_THE_CLOCK = {
    "doegnaaben",
    "doegnaabent",
    "heledoegnet",
    "24/7",
    "24timer",
    "024",
    "0024",
    "altidaaben",
    "altidaabent",
    "alwaysopen",
    "24h",
}
FREE = {"gratis", "free", "fri", "ingen", "nej", "no", "n", "0", "false"}

#: Type words (folded) -> facil_ty_k. Exact words first, then words found inside a value.
TYPE_EXACT = {
    "bil": 1351,
    "car": 1351,
    "cykel": 1162,
    "bike": 1162,
    "bicycle": 1162,
    "wc": 1012,
    "toilet": 1012,
    "pissoir": 1012,
    "phus": 1351,
    "pplads": 1351,
    "bench": 1371,
    "baenk": 1371,
    "cykelp": 1162,  # 'Cykel-P', as bike parking is signed
    "bilp": 1351,
    "fitness": 4222,
    "petanque": 4132,  # GeoFA spells it 'Pentanquebane'
    "petanquebane": 4132,
    "baalsted": 1022,
    "drikkevandspost": 1222,
    "drikkevand": 1222,
    "kanokajakplads": 6052,
    "kajakplads": 6052,
    "kanoplads": 6052,
}
TYPE_INSIDE = [
    ("hundelegeplads", 1191),  # a dog's playground is a dog park
    ("naturlegeplads", 1041),
    ("vandlegeplads", 1211),
    ("legeplads", 1031),
    ("playground", 1031),
    ("cykelpumpe", 1122),  # before the bike parking: a pump is a service post
    ("cykelparkering", 1162),
    ("cykelpplads", 1162),  # 'Cykel-p-plads', not a car park
    ("cykelstativ", 1162),
    ("hundeskov", 1191),  # 'Hundeskov/-område'
    ("hundepark", 1191),
    ("ladestander", 1172),  # 'Elbil ladestander'
    ("ladestation", 1172),
    ("bicycleparking", 1162),
    ("bikeparking", 1162),
    ("parkering", 1351),
    ("parking", 1351),
    ("pplads", 1351),
    ("toilet", 1012),
    ("pissoir", 1012),
    ("bordbaenk", 1201),  # before the bench: 'Bord-bænkesæt' is a picnic set
    ("baenkebord", 1201),
    ("bordebaenk", 1201),
    ("bordogbaenk", 1201),
    ("baenk", 1371),
    ("bench", 1371),
    ("picnic", 1201),
    ("shelter", 3012),
    ("sheltre", 3012),  # the Danish plural
    ("vandpost", 1222),
    ("dogpark", 1191),
    ("campsite", 3041),
    ("camping", 3041),
    ("skate", 4142),
    ("motionsredskab", 4222),
    ("motionsplads", 4222),
    ("kaelkebakke", 2132),
    ("madpakkehus", 1132),
    ("badebro", 1331),
    ("fitness", 4222),  # 'Fitness udendørs', 'Fitnessplads'
    ("outdoorgym", 4222),
    ("baalplads", 1022),  # 'Bålpladser'
    ("campfire", 1022),
    ("carpark", 1351),
    ("bathing", 1051),  # 'bathing site'
    ("badested", 1051),  # GeoFA's 'Badestrand/-sted'
    ("badestrand", 1051),
    ("strandhaandbold", 4381),  # before the ball court it holds
    ("boldbane", 4111),
    ("fodboldbane", 4111),
    ("kunstgraesbane", 4111),
    ("multibane", 4111),
]
#: Words in a file name -> facil_ty_k, when no column says the type.
FILE_WORDS = [
    ("toilet", 1012),
    ("legeplads", 1031),
    ("naturlegeplads", 1041),
    ("parkering", 1351),
    ("cykelparkering", 1162),
    ("baenk", 1371),
    ("bench", 1371),
    ("shelter", 3012),
    ("sheltre", 3012),
    ("baalplads", 1022),
    ("hundeskov", 1191),
    ("madpakkehus", 1132),
    ("badestrand", 1051),
    ("badested", 1051),
    ("badebro", 1331),
    ("boldbane", 4111),
    ("ladestander", 1172),
    ("kaelkebakke", 2132),
    ("fitness", 4222),
    ("motionsredskab", 4222),
]


SAMPLE = 10_000  # rows a guess looks at (the coordinates' median, a type's words)

#: Columns of GeoFA/FKG exports that say who entered a row (staff user ids) or what the
#: export's own bookkeeping is: never carried into the standard, whatever they hold.
NEVER = {"brugerid", "bruger", "oprettetaf", "aendretaf", "redigeretaf", "opdateretaf",
         "createdby", "editedby", "modifiedby", "createduser", "lasteditedu", "lastediteduser",
         "editor", "creator", "temakode", "temanavn", "objektid", "objectid", "fid", "versionid",
         "systid", "oprettet", "aendret", "gyldigfra", "gyldigtil", "shapearea", "shapelength",
         "shapeleng", "globalid",
         # the same cut to a .dbf's ten characters (OPRETTET_A, last_edite, created_us)
         "opretteta", "redigeret", "lastedite", "createdus", "createdda", "opdateret"}
#: Column names (folded) that may hold a geometry as WKT or GeoJSON text.
GEOMETRY_NAMES = {"geometry", "geometri", "geom", "wkt", "thegeom", "shape", "lokation",
                  "placering", "position", "wkbgeometry", "geometrywkt", "location", "sted"}


def _counts_spaces(column: str, values: list[str]) -> bool:
    """A handicap column that counts (disabled parking spaces: 'Handicappladser',
    'HANDICAPPL', 'antal_handicap'), by its name or by numbers no code list has (0 beside
    others, or above 9)."""
    key = fold(column)
    if "pladser" in key or "antal" in key or key.endswith("pl"):  # not 'Handicapvenlig legeplads'
        return True
    if not values or not all(v.isdigit() for v in values):
        return False
    numbers = {int(v) for v in values}  # GeoFA's codes are 1, 2, 3, 4, 8 and 9
    return max(numbers) > 9 or bool(numbers & {5, 6, 7}) or (0 in numbers and len(numbers) > 3)


def _numbers_only(s: pd.Series) -> bool:
    """Every value (of the first SAMPLE) is a whole number: ids, not names."""
    vals = _distinct(s.head(SAMPLE), limit=200)
    return bool(vals) and all(v.isdigit() for v in vals)


def _distinct(s: pd.Series, limit: int | None = None) -> list[str]:
    """The column's different values as trimmed text, in order of appearance, without
    empties; with `limit`, at most limit + 1 of them (enough to know there are more).
    Linear in rows: each value once (pandas' hash table), then a set."""
    seen: dict[str, None] = {}
    empty = {m.strip() for m in EMPTY_MARKERS}
    for v in s.unique():  # in order of appearance; arrow text: pyarrow's hash table
        t = text_of(v)
        if t is not None and t not in empty and t not in seen:
            seen[t] = None
            if limit is not None and len(seen) > limit:
                break
    return list(seen)


def _nested_match(column: str) -> str | None:
    """The field a nested name says by its last part ('info.handicap', from a GeoJSON
    property that holds an object); names with spaces ('Kontaktpers. navn') are not nested."""
    name = str(column)
    if "." not in name.strip(".") or " " in name:
        return None
    return _name_match(name.rsplit(".", 1)[1])


#: What a '…navn' column can name and still be the facility's name (PARKNAVN, Stinavn);
#: any other ('brugernavn', 'vejnavn', 'kontaktnavn') names a person or an address.
_NAMED_THINGS = {"park", "rute", "sti", "spor", "omraade", "lokalitet", "facilitet", "objekt",
                 "plads", "skov", "strand", "anlaeg", "bane", "areal", "element"}


def _thing_name_match(column: str) -> str | None:
    """'navn' for a name that ends in 'navn' after what the facility is (PARKNAVN, rutenavn,
    Stinavn, Toiletnavn); 'antal_pl' for the spaces of a kind ('Normale pladser',
    'Bilpladser'; never the disabled spaces). Asked only when no plain name fills the field."""
    key = fold(column)
    if key.endswith("pladser") and not re.match(r"(handicap|hc|invalide|el|cykel)", key):
        return "antal_pl"  # not the disabled spaces (HC-pladser), nor charging or bike spaces
    thing = key[:-4] if key.endswith("navn") else ""
    for word in (thing, thing.removesuffix("s")) if thing else ():  # 'Stinavn', 'Parkeringsnavn'
        if word in _NAMED_THINGS or type_code(word) is not None:
            return "navn"
    return None


def _name_match(column: str) -> str | None:
    key = fold(column)
    fields = [c for c in geofa.COLUMNS if c not in ("x", "y")]  # x, y: the geometry's
    if key in {fold(c) for c in fields}:
        return next(c for c in fields if fold(c) == key)
    for field, names in NAMES.items():
        if key in names:
            return field
    for (
        field,
        names,
    ) in NAMES.items():  # ESRI truncation (HANDICAPVE) or a longer name (handicap_adgang)
        if any(
            len(key) >= 6
            and ((len(key) <= 10 and n.startswith(key)) or key.startswith(n))
            for n in names
            if len(n) >= 6 and n not in EXACT_ONLY
        ):
            return field
    return None


#: Names that match only as they are: a longer or cut name means something else
#: ('parkeringsplads' is a lot's name, not 'parkeringspladser'; 'lokalitetsnummer' an id).
EXACT_ONLY = {"parkeringspladser", "antalparkeringspladser", "kapacitet", "lokalitet",
              "anlaegsnavn", "legepladsnavn", "underart", "undertype", "facilitetsart",
              "weblink", "links", "linkurl"}


def _words_say_more(codes: dict) -> bool:
    """Do a type column's words say more than their codes: several words for one code
    ('Offentligt toilet', 'Handicaptoilet')? Spellings of one word (' badestrand',
    'BADESTRAND') and GeoFA's own name for the code ('Badestrand/-sted') are one word."""
    words: dict[int, set] = {}
    for value, code in codes.items():
        key = fold(value)
        name = geofa.facility_name(code) if code else ""
        own = key == fold(name) or any(key == fold(p) for p in name.split("/"))
        words.setdefault(code, set()).add("" if own else key)
    return any(len(w) > 1 for w in words.values())


def type_code(word) -> int | None:
    """A type word as municipalities write it -> facil_ty_k ('P-hus' -> 1351, 'Cykel' -> 1162,
    '1012 - Toilet' -> 1012)."""
    if (code := code_before_label(word, "facil_ty_k")) is not None:
        return code
    if (code := _named_type(fold(word))) is not None:
        return code
    for phrase in _BESIDE_WORD.split(str(word)):  # 'Toilet ved legepladsen': a toilet
        flat = fold(phrase).replace("/", "")  # 'Bord/bænkesæt' as 'Bord-bænkesæt'
        if (code := _named_type(flat)) is not None:  # 'Kælkebakke ved legepladsen'
            return code
        for part, code in TYPE_INSIDE:
            if part in flat:
                return code
    return None


def _named_type(key: str) -> int | None:
    """The code of a folded word that is a type word or GeoFA's name of a type (or a part of
    a name: 'Hundepark' of 'Hundeskov/Hundepark/fritløbsareal')."""
    if key in TYPE_EXACT:
        return TYPE_EXACT[key]
    if (code := _type_names().get(key)) is not None:
        return code
    for stem in _stems(key):  # 'Bålhytter', 'Svømmehallen', 'udsigtstaarne'
        if (code := TYPE_EXACT.get(stem, _type_names().get(stem))) is not None:
            return code
    return None


#: Danish plural and definite endings, longest first: 'hytterne', 'hallen', 'tårne'.
_ENDINGS = ("erne", "ene", "ne", "er", "en", "et", "e", "r", "n")


def _stems(key: str):
    """The word a folded plural or definite form comes from: 'baalhytter' -> 'baalhytte',
    'svoemmehallen' -> 'svoemmehal', 'udsigtstaarne' -> 'udsigtstaarn' (stems of 4 letters
    or more only)."""
    for end in _ENDINGS:
        base = key.removesuffix(end)
        if base == key or len(base) < 4:
            continue
        yield base
        if base[-1] == base[-2] and base[-1] not in "aeiouy":  # 'hallen': 'hal'
            yield base[:-1]
        yield base + "e"  # 'hytter': 'hytte'


@functools.cache
def _type_names() -> dict[str, int]:
    """GeoFA's names of the types, and each part of a name, folded -> code (the first type
    that has it; '-område' is a suffix, no name)."""
    names: dict[str, int] = {}
    for code, name in geofa.facility_types().items():
        names.setdefault(fold(name), code)
        for part in name.split("/"):
            if not part.startswith("-"):
                names.setdefault(fold(part), code)
    return names


#: A word that puts a thing beside another ('Toilet ved legepladsen', 'Bænk nær søen'):
#: the type is the thing's, before it.
_BESIDE_WORD = re.compile(r"\s(?:ved|v\.|nær|naer|bag|overfor|på|paa|i|near|by|next to|at)\s",
                          re.I)


YES_NO_LIMIT = 50  # a column with more different values holds no yes/no words


def _holds_zero(s: pd.Series) -> bool:
    """Does a column write '0' (for "none", as postcode columns do)?"""
    return bool((s.astype("str").str.strip() == "0").any())


def _already_codes(df: pd.DataFrame, column: str, field: str) -> bool:
    """A column named as the GeoFA field itself (handicap_k, facil_ty_k) holding whole numbers:
    a file already in the standard's form, whose codes are taken as they are (and validated)."""
    if fold(column) != fold(field):
        return False
    return all(_is_whole(v) for v in _distinct(df[column], limit=1000))


def _is_whole(text: str) -> bool:
    """A whole number as text, also as a float export writes it ('1031', '1031.0')."""
    return bool(text.isdigit() or WHOLE_DECIMAL.match(text))


def _type_codes(df: pd.DataFrame, column: str) -> bool:
    """A type column ('type', 'Kategori') whose every value is a GeoFA facility code ('1031',
    '1012.0'), as an export of the codes writes them."""
    values = _distinct(df[column], limit=1000)
    known = geofa.facility_types()
    return bool(values) and all(_is_whole(v) and _whole(v) in known for v in values)


#: A code written before its label, as code-list exports do: '1 - Handicapegnet', '1012: Toilet'.
_CODE_AND_LABEL = re.compile(r"^\s*(\d{1,4})\s*[-–:]\s*(\w.*?)\s*$")


def code_before_label(v, field: str) -> int | None:
    """The code of '1 - Handicapegnet': a code of `field`'s list, then that code's own label
    (or its start); else None ('0 - 24' and '1 - 3 trin' are no codes)."""
    m = _CODE_AND_LABEL.match(str(v))
    if not m:
        return None
    label = vocab.geofa_code_list(field).get(int(m.group(1)))
    said = fold(m.group(2))
    return int(m.group(1)) if label and len(said) >= 3 and fold(label).startswith(said) else None


def _yes_no_word(v: str, field: str) -> int | None:
    """The code of one yes/no word ('Ja' -> 1; for handicap_k 'Nej' -> 3, 'Ja (delvist)' -> 2),
    of a code before its label ('1 - Handicapegnet'), or of a yes/no word before a reason
    ('Nej, trapper'; not 'Ja, men kun stuen'); None when it is none."""
    if (code := code_before_label(v, field)) is not None:
        return code
    code = _one_yes_no_word(v, field)
    head, comma, rest = str(v).partition(",")
    if code is None and comma and field != "doegnaab_k" and head.strip().isalpha():
        first = _one_yes_no_word(head, field)  # 'Ja, 8-16' is opening hours: not here
        no = fold(head) in NO
        code = first if no or not _BUT.search(rest) else None  # a no stays a no
    return code


#: Words after a yes that make it less than a yes ('Ja, men kun i stueetagen').
_BUT = re.compile(r"\b(men|kun|dog|ikke|delvis|delvist|but|only)\b", re.IGNORECASE)


def _one_yes_no_word(v: str, field: str) -> int | None:
    k = fold(v)
    if field == "handicap_k":
        if k in PARTLY or any(p in k for p in ("delvis", "partial", "partly")):
            return 2
        return (1 if k in YES or k == "handicapegnet" else 3 if k in NO or k ==
                "ikkehandicapegnet" else 9 if k in UNKNOWN else None)
    if field == "doegnaab_k" and round_the_clock(v):
        return 1
    return (1 if k in YES else 0 if k in NO else 2 if k in ("blandet", "mixed") else 3
            if k in UNKNOWN else None)


def round_the_clock(v: str) -> bool:
    """Do these opening hours mean open around the clock ('Døgnåbent (24/7)', '24 timer i
    døgnet', '0-24'), without a word that turns them around ('ikke døgnåben', 'lukket')?"""
    if fold(v) in ROUND_THE_CLOCK:
        return True
    low = str(v).lower()
    return not _NOT.search(low) and bool(_ROUND_THE_CLOCK_TEXT.search(low))


def is_free(v: str) -> bool:
    """Does a payment value say free ('Gratis', 'P-skive 2 timer': a parking disc is free,
    time-limited parking), without 'ikke' or a word of paying ('Betalingsparkering, gratis
    for elbiler' is paid)?"""
    if fold(v) in FREE:
        return True
    low = str(v).lower()
    if _NOT.search(low) or "betal" in low:
        return False
    return any(w in low for w in ("gratis", "p-skive", "parkeringsskive", "free"))


#: Words that turn opening hours or a payment word around.
_NOT = re.compile(r"\b(ikke|nej|ej|not|no|lukket|closed|kun|only)\b", re.IGNORECASE)
#: Opening hours that mean around the clock, inside a longer text.
_ROUND_THE_CLOCK_TEXT = re.compile(
    r"døgnåben|døgnåbent|doegnaaben|hele døgnet|24/7|24 ?timer|\b24 ?h\b|altid åben|always open"
    r"|(?<![\d.:])0?0(?:[.:]00)? ?[-–] ?(?:24(?:[.:]00)?|23[.:]59)(?![\d.:])", re.IGNORECASE)


#: Names of a column that says in words where a facility stands (its geometry elsewhere).
_PLACE_WORDS = {"placering", "lokation", "beliggenhed", "sted", "location", "stedbeskrivelse"}
_WEB = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
#: Words that start a place beside something ('Ved P-pladsen', 'Nær shelteren'): no type.
_BESIDE = re.compile(r"(?:ved|nær|naer|bag|bagved|bagom|foran|overfor|over for|tæt på|"
                     r"mellem|langs|syd for|nord for|øst for|vest for|i nærheden af)\b|v\.",
                     re.IGNORECASE)


#: The readers' columns of a map's groups (a KML's folders, a GML's feature types): a few
#: rows may each have their own, and still name the type.
_GROUPS = ("folder", "layer")


def _empty(s: pd.Series) -> bool:
    s = s.dropna()
    head = s.head(50).astype(str).str.strip()
    return not (head != "").any() and not (s.astype(str).str.strip() != "").any()


def _filled_copies(df: pd.DataFrame, fields: dict, used: set) -> None:
    """A field taken from a column empty in every row, when the file has a copy of its name
    with values (two 'Navn' columns, the first left empty; the reader calls the second
    'Navn_2'): the copy."""
    for field, spec in fields.items():
        col = spec.get("column")
        if col is None or not _empty(df[col]):
            continue
        copy = next((c for c in df.columns if re.fullmatch(re.escape(str(col)) + r"_\d+", str(c))
                     and c not in used and not _empty(df[c])), None)
        if copy is not None:
            fields[field] = {"column": copy, "why": f"column name {col!r} (its copy "
                             f"{copy!r}: the first {col!r} is empty in every row)"}
            used.discard(col)
            used.add(copy)


def _opening_hours(df: pd.DataFrame, fields: dict, used: set, never: set) -> None:
    """doegnaab_k from opening and closing times in two columns ('Åbningstid fra', '… til'),
    unless another column says it; one column of them alone says nothing of the clock."""
    pair = hours.hours_columns(df, [c for c in df.columns if c not in never])
    spec = fields.get("doegnaab_k")
    if pair and (not spec or spec["column"] in pair):
        fields["doegnaab_k"] = hours.hours_spec(df, *pair)
        used.update(pair)
    elif spec and hours.is_time_column(spec["column"]) and hours.holds_times(df[spec["column"]]):
        del fields["doegnaab_k"]
        used.discard(spec["column"])


def _types_of_their_own(values: list[str], codes: dict, file_type: int | None) -> bool:
    """Can a column not named as the type hold the type? Only if its values are type words
    themselves, not web addresses nor places beside one ('Ved legepladsen'), and, when the
    file's name says a type, if that type is among them: a bench file's 'Placering' says
    what each bench stands next to."""
    if any(_WEB.match(v) or _BESIDE.match(v.strip()) for v in values):
        return False
    return file_type is None or file_type in codes.values()


def _file_type(stem: str) -> int | None:
    """The facility type a file name says ('aarhus-toiletter' -> 1012), or None."""
    key = fold(stem)
    code = next((c for w, c in sorted(FILE_WORDS, key=lambda p: -len(p[0])) if w in key), None)
    if code is None:  # a name's own word for the type ('udsigtstaarne', 'fugletårne')
        words = re.split(r"[^a-z0-9]+", vocab.fold(stem))  # æ, ø, å folded to ae, oe, aa
        code = next((c for w in words if len(w) >= 5 and (c := _named_type(w)) is not None),
                    None)
    return code


def _yes_no_codes(values: list[str], field: str) -> dict | None:
    """Codes for a yes/no column, or None when some value is not a yes/no word."""
    codes = _known_words(values, field)
    return codes if len(codes) == len(values) else None


def _known_words(values: list[str], field: str) -> dict:
    """The codes of those values that are yes/no words (or opening hours, for doegnaab_k)."""
    codes = {v: _yes_no_word(v, field) for v in values}
    return {v: c for v, c in codes.items() if c is not None}


def suggest_mapping(
    df: pd.DataFrame,
    report=None,
    source=None,
    facility_type=None,
    municipality=None,
    standard: str = "geofa-facility",
) -> dict:
    """A suggested mapping of `df`'s columns to the standard, with a `why` for every field.

    `report` is `oddk.read.read_table`'s report (for the coordinate columns and system);
    `source` the file's name (its words can say the municipality and the facility type);
    `facility_type` (a code or a Danish name) and `municipality` (a code or a name) fill
    facil_ty_k and cvr_kode when the file does not say them.
    """
    fields: dict[str, dict] = {}
    stem = Path(str(source)).stem if source else ""
    geometry = _geometry(df, report)
    geo_cols = {geometry.get(k) for k in ("x", "y", "column")} - {None} if geometry else set()
    never = {c for c in df.columns if fold(c) in NEVER}
    used: set[str] = set(never)  # staff ids and an export's bookkeeping: never in the standard
    if standard is None:
        standard = {"area": "geofa-facility-area", "line": "geofa-facility-line"}.get(
            (geometry or {}).pop("kind", None), "geofa-facility")
    elif geometry:
        geometry.pop("kind", None)
    # 1. by name; a nested name ('info.handicap') or a thing's ('PARKNAVN') only for a field
    #    no plain name fills
    numbered = None  # a 'name' of numbers only (a KML's placemark names, ArcGIS's ids)
    for match in (_name_match, _nested_match, _thing_name_match):
        for col in df.columns:
            if col in geo_cols or col in never or col in used:
                continue
            field = match(col)
            if field == "navn" and numbered is None and _numbers_only(df[col]):
                numbered = col  # a name in words is looked for first
            elif field and field not in fields:
                fields[field] = {"column": col, "why": f"column name {col!r}"}
                used.add(col)
    if numbered and "navn" not in fields:
        fields["navn"] = {"column": numbered, "why": f"column name {numbered!r} (numbers only)"}
        used.add(numbered)
    _filled_copies(df, fields, used)
    _opening_hours(df, fields, used, geo_cols | never)
    # 2. web addresses (before the type: a link's words, '…/offentlige-toiletter', are no type)
    if "link" not in fields:
        for col in df.columns:
            vals = _distinct(df[col].head(SAMPLE), limit=200) if col not in used else []
            vals = [v for v in vals if v not in _TEXT_EMPTY]
            if vals and all(_WEB.match(v) for v in vals):
                fields["link"] = {"column": col, "why": f"{col!r} holds web addresses"}
                used.add(col)
                break
    # 3. the facility type
    type_spec = fields.pop("facil_ty_k", None)
    if type_spec:
        used.discard(type_spec["column"])
        col = type_spec["column"]
        if (_already_codes(df, col, "facil_ty_k") or _type_codes(df, col)) \
                and facility_type in (None, ""):
            fields["facil_ty_k"] = {"column": col, "why": type_spec["why"] + "; already GeoFA codes"}
            used.add(type_spec["column"])
            type_spec = None
    if "facil_ty_k" in fields:
        pass
    elif facility_type not in (None, ""):
        code = geofa.facility_code(facility_type)
        fields["facil_ty_k"] = {"value": code, "why": f"given: {code} {geofa.facility_name(code)}"}
    else:
        candidates = ([type_spec["column"]] if type_spec else []) + [
            c
            for c in df.columns
            if c not in used and c not in geo_cols and (not type_spec or c != type_spec["column"])
        ]
        for col in candidates:
            named = col == (type_spec or {}).get("column")
            values = _distinct(df[col], limit=None if named else 12)
            groups = col in _GROUPS and getattr(report, "format", None) in ("kml", "gml")
            if not values or (not named and not groups
                              and len(values) > max(1, min(12, len(df) // 2))):
                continue
            codes = {v: type_code(v) for v in values}
            if not named and not _types_of_their_own(values, codes, _file_type(stem)):
                continue
            known = {v: c for v, c in codes.items() if c}
            if named and len(known) >= max(1, len(codes) / 2) and not _file_type(stem):
                codes = known  # the rest set aside and listed; the file name says no type
            if codes and all(codes.values()):
                how = (
                    "column name and type words"
                    if type_spec and col == type_spec["column"]
                    else "type words"
                )
                fields["facil_ty_k"] = {
                    "column": col,
                    "codes": codes,
                    "why": f"{how} in {col!r}: "
                    + ", ".join(f"{v} → {c} {geofa.facility_name(c)}" for v, c in codes.items()),
                }
                used.add(col)
                shared = _words_say_more(codes)
                if shared and "beskrivels" not in fields:
                    fields["beskrivels"] = {
                        "column": col,
                        "why": f"{col!r} says more than the type code "
                        "(several words share a code), so the word is kept as the description",
                    }
                break
        if "facil_ty_k" not in fields:
            code = _file_type(stem)
            if code:
                fields["facil_ty_k"] = {
                    "value": code,
                    "why": f"the file name {stem!r} says {geofa.facility_name(code)}",
                }
        if (
            type_spec
            and fields.get("facil_ty_k", {}).get("column") != type_spec["column"]
            and "beskrivels" not in fields
        ):
            fields["beskrivels"] = {
                "column": type_spec["column"],
                "why": f"{type_spec['column']!r} holds words that are no facility type; kept as "
                "the description",
            }
            used.add(type_spec["column"])
    # 4. codes by values
    for field in ("handicap_k", "doegnaab_k", "betaling_k"):
        spec = fields.get(field)
        if not spec or "until" in spec or _already_codes(df, spec["column"], field):
            continue
        values = _distinct(df[spec["column"]], limit=YES_NO_LIMIT)
        if field == "handicap_k" and _counts_spaces(spec["column"], values):
            del fields[field]  # 'Handicappladser' 0, 2, 3: a count of spaces, no code
            used.discard(spec["column"])
            continue
        codes = _yes_no_codes(values, field) if len(values) <= YES_NO_LIMIT else None
        if codes is not None:
            spec["codes"] = codes
            spec["why"] += "; values " + ", ".join(f"{k} → {c}" for k, c in codes.items())
        elif field == "doegnaab_k":
            spec["codes"] = _known_words(values, field)
            spec["other"] = 0
            spec["why"] += (
                "; opening hours and yes/no words: "
                + (", ".join(f"{k} → {c}" for k, c in spec["codes"].items()) or "none of them")
                + "; any other hours 0 (not open around the clock)"
            )
        elif field == "betaling_k":
            spec["codes"] = {v: 0 if is_free(v) else 1 for v in values}
            spec["why"] += (
                "; "
                + ", ".join(f"{k} → {c}" for k, c in spec["codes"].items())
                + " (free words and a parking disc → 0, anything else, such as a payment zone, "
                "→ 1)"
            )
        else:
            spec["codes"] = _known_words(values, field)
            spec["why"] += "; some values are no yes/no words: set their codes by hand"
    # 5. empty markers; a count that is 0 in every row counts nothing (a .dbf writes 0 for none)
    count = fields.get("antal_pl", {}).get("column")
    zeros = _distinct(df[count], limit=3) if count else []
    if zeros and all(re.fullmatch(r"0+(?:[.,]0+)?", v) for v in zeros):
        fields["antal_pl"]["empty"] = zeros
        fields["antal_pl"]["why"] += "; 0 in every row: no count (a shapefile writes 0 for none)"
    if "postnr" in fields:
        if _holds_zero(df[fields["postnr"]["column"]]):
            fields["postnr"]["empty"] = ["0"]
            fields["postnr"]["why"] += "; '0' means no postcode"
    # 6. the names in a column named as the facility ('Parkeringsplads', 'Legeplads')
    if "navn" not in fields:
        for col in df.columns:
            if col in used or col in geo_cols or pd.api.types.is_numeric_dtype(df[col]) \
                    or type_code(col) is None:
                continue
            vals = _distinct(df[col].head(SAMPLE))
            filled = int(df[col].head(SAMPLE).notna().sum())
            if vals and len(vals) >= 0.8 * max(filled, 1):
                fields["navn"] = {"column": col, "why": f"{col!r} is named as the facility and "
                                  "holds a different text in each row: the names"}
                used.add(col)
                break
    # 6b. a place said in words ('Placering: Ved P-pladsen'), when nothing else describes it
    if "beskrivels" not in fields:
        for col in df.columns:
            if col in used or col in geo_cols or fold(col) not in _PLACE_WORDS \
                    or pd.api.types.is_numeric_dtype(df[col]):
                continue
            fields["beskrivels"] = {"column": col, "why": f"{col!r} says in words where each "
                                    "stands: kept as the description"}
            used.add(col)
            break
    # 7. the publishing authority
    if "cvr_kode" not in fields and municipality in (None, ""):
        authority = _authority_column(df, used)
        if authority:
            fields["cvr_kode"] = authority
            used.add(authority["column"])
    if municipality not in (None, "") and "column" in fields.get("cvr_kode", {}):
        used.discard(fields.pop("cvr_kode")["column"])  # given over the file's own: listed
    if "cvr_kode" not in fields:
        kode, how = _municipality(municipality, stem)
        if kode == BORNHOLM and geometry:
            geometry = _bornholm_zone_33(df, geometry, report)
        if geometry:
            kode, how = _beside_the_points(df, geometry, kode, how)
        if kode:
            cvr = geofa.cvr_for_municipality(kode)
            fields["cvr_kode"] = {
                "value": cvr,
                "why": f"{geofa.authority_name(cvr)} ({kode}), {how}",
            }
    elif "column" in fields["cvr_kode"]:  # an export's own: names, and where its points lie
        col = fields["cvr_kode"]["column"]
        if not all(_is_whole(v) for v in _distinct(df[col], 98)):
            fields["cvr_kode"] = _municipality_codes(df, col) or fields["cvr_kode"]
        if geometry and "codes" not in fields["cvr_kode"]:
            _cvr_beside_the_points(df, fields["cvr_kode"], geometry)
    ordered = {f: fields[f] for f in geofa.COLUMNS if f in fields}
    unmapped = [
        c
        for c in df.columns
        if (c not in used or c in never)
        and c not in geo_cols
        and not any(s.get("column") == c for s in ordered.values())
        and not blank_column(df, c)
    ]
    # the file's name as the mapping records it: masked (a CPR number in a name stays hidden)
    mapping = {"standard": standard, "source": mask(Path(str(source)).name, 200) if source else None}
    if report is not None and getattr(report, "sheet", None):
        mapping["sheet"] = mask_label(report.sheet)  # a sheet named by a CPR number: rename it
    mapping["fields"] = ordered
    if geometry:
        mapping["geometry"] = geometry
    mapping["unmapped"] = unmapped
    return mapping


_X = [
    "x",
    "xkoord",
    "xkoordinat",
    "east",
    "easting",
    "oest",
    "lon",
    "lng",
    "long",
    "longitude",
    "laengdegrad",
]
_Y = ["y", "ykoord", "ykoordinat", "north", "northing", "nord", "lat", "latitude", "breddegrad"]


def _geometry(df: pd.DataFrame, report) -> dict:
    """The geometry's source: x/y (lon/lat) columns, or a column of WKT/GeoJSON (with the
    x/y columns too when the file mixes points and other geometries), with its system and
    `kind`, the kind most of its geometries are (point, area, line)."""
    column = _geometry_column(df)
    cols = list(getattr(report, "coordinate_columns", None) or [])
    crs = getattr(report, "crs", None)
    if len(cols) != 2:
        xs = [c for c in df.columns if fold(c) in _X]
        ys = [c for c in df.columns if fold(c) in _Y]
        cols = [xs[0], ys[0]] if xs and ys else []
    if column:
        # the readers' own geometry column (GeoJSON, shapefile) shares the file's system with
        # its point columns; a CSV's WKT column says its own and is used alone
        ours = getattr(report, "format", None) in FEATURE_FORMATS
        return _geometry_of_column(df, column, cols if ours else [], crs if ours else None)
    if not cols:
        return _pair_column(df)
    swapped = "(swapped)" in (getattr(report, "crs_source", None) or "")
    if swapped:  # the file's x column holds the northings (or latitudes): read them crosswise
        cols = [cols[1], cols[0]]
    guessed = not crs
    if guessed:
        crs = _crs_by_names_or_degrees(df, cols)
    geo = {"x": cols[0], "y": cols[1], "crs": crs}
    if any(not pd.api.types.is_numeric_dtype(df[c]) for c in cols):
        geo["decimal"] = _coordinate_decimal(df, cols, crs, getattr(report, "decimal", None))
    if crs == "EPSG:4326":
        geo["why"] = (
            f"{cols[0]} is the longitude and {cols[1]} the latitude (WGS84), "
            "transformed to EPSG:25832"
        )
    else:
        geo["why"] = f"{cols[0]}, {cols[1]} are {crs} metres" + (
            f" ({report.crs_source})" if getattr(report, "crs_source", None) else ""
        )
    if guessed:
        geo["why"] = (f"{cols[0]}, {cols[1]} taken as {crs} "
                      f"{'longitude, latitude' if crs == 'EPSG:4326' else 'metres'}, a guess: "
                      "their values are not inside Denmark in any system the kit knows; set "
                      "crs to the file's own system")
    if swapped:
        north, east = ("latitudes", "longitudes") if crs == "EPSG:4326" else ("northings",
                                                                             "eastings")
        geo["why"] = (f"columns {cols[1]!r} and {cols[0]!r} are swapped in the file: {cols[1]!r} "
                      f"holds the {north} and {cols[0]!r} the {east} of {crs}, so x is read "
                      f"from {cols[0]!r} and y from {cols[1]!r}")
    geo["kind"] = "point"
    return geo


def _pair_column(df: pd.DataFrame) -> dict:
    """A column that holds each place as two numbers in one cell ('56.1527, 10.2031', copied
    from a web map): its system and the order of the numbers, from their ranges."""
    from oddk.read_geo import guess_crs_from_values
    from oddk.standards.geometry import pair

    for col in df.columns:
        if pd.api.types.is_numeric_dtype(df[col]):
            continue
        vals = [v for v in df[col].dropna().head(200).tolist() if isinstance(v, str)
                and v.strip() and v.strip() not in _TEXT_EMPTY]  # 'ukendt' is no place
        pairs = [p for p in map(pair, vals) if p is not None]
        if not vals or len(pairs) < 0.9 * len(vals):
            continue
        firsts, seconds = [p[0] for p in pairs], [p[1] for p in pairs]
        for crs, order, (xs, ys) in (("EPSG:4326", "lon lat", (firsts, seconds)),
                                     ("EPSG:4326", "lat lon", (seconds, firsts)),
                                     ("EPSG:25832", "x y", (firsts, seconds)),
                                     ("EPSG:25832", "y x", (seconds, firsts))):
            if guess_crs_from_values(xs, ys) == crs:
                said = {"lon lat": "longitude, latitude (WGS84)",
                        "lat lon": "latitude, longitude (WGS84)",
                        "x y": "x, y in EPSG:25832", "y x": "y, x in EPSG:25832"}[order]
                return {"column": col, "pair": order, "crs": crs, "kind": "point",
                        "why": f"{col!r} holds each place as two numbers, {said}"}
    return {}


def _coordinate_decimal(df: pd.DataFrame, cols: list, crs: str, said: str | None) -> str:
    """The decimal mark of coordinate columns held as text: the one under which more of a
    sample lies inside Denmark in `crs` (degrees with three decimals, '55.662', are no
    thousands; a workbook's numbers kept as text beside an 'ukendt' are written with '.'),
    else the file's (`said`), else ','."""
    from oddk.read_geo import RANGES

    first = said or ","
    if crs not in RANGES:
        return first

    def inside(mark: str) -> int:  # the sample's x and y values inside Denmark, read with mark
        return sum(lo <= v <= hi for c, (lo, hi) in zip(cols, RANGES[crs], strict=True)
                   for v in _numbers(df[c].head(SAMPLE), mark))

    second = "." if first == "," else ","
    return second if inside(second) > inside(first) else first


def _crs_by_names_or_degrees(df: pd.DataFrame, cols: list) -> str:
    """The system of coordinate columns whose values did not settle it (some outside Denmark
    in every system): WGS84 when the columns are named longitude and latitude, or when their
    values are degrees (the markers for no place, 0 and -999, left out); else EPSG:25832."""
    from oddk.read_geo import MISSING_NUMBERS, find_coordinate_columns

    found = find_coordinate_columns(cols)
    if found and found[2] == "lonlat":
        return "EPSG:4326"
    sample = pd.to_numeric(df[cols[0]], errors="coerce").dropna()
    sample = sample[(sample != 0) & ~sample.isin(list(MISSING_NUMBERS))]
    return "EPSG:4326" if len(sample) and sample.abs().max() <= 180 else "EPSG:25832"


def _geometry_column(df: pd.DataFrame) -> str | None:
    """The column whose values are geometries (WKT, EWKT, GeoJSON): named so, with most of a
    sample geometries, or with nine in ten of a sample geometries whatever its name."""
    from oddk.standards.geometry import looks_like_geometry

    named = [c for c in df.columns if fold(c) in GEOMETRY_NAMES]
    for col in named + [c for c in df.columns if c not in named]:
        if pd.api.types.is_numeric_dtype(df[col]) or pd.api.types.is_bool_dtype(df[col]):
            continue
        vals = [v for v in df[col].dropna().head(200).tolist() if isinstance(v, str) and v.strip()]
        share = 0.5 if col in named else 0.9
        if vals and sum(map(looks_like_geometry, vals)) >= share * len(vals):
            return col
    return None


def _geometry_of_column(df, column: str, cols: list, crs: str | None) -> dict:
    import shapely

    from oddk.read_geo import guess_crs_from_values
    from oddk.standards.geometry import _usable, cell_srid, kind, parse, srid

    values = df[column].dropna().head(SAMPLE).tolist()
    pairs = [(v, g) for v, g in ((v, parse(v)) for v in values) if g is not None and _usable(g)]
    parsed = [g for _, g in pairs]
    plain = [g for v, g in pairs if not cell_srid(v)]  # EWKT cells say their own system
    kinds: dict[str, int] = {}
    for g in parsed:
        k = kind(g)
        if k:
            kinds[k] = kinds.get(k, 0) + 1
    if cols:  # points as lon/lat columns besides the geometries
        kinds["point"] = kinds.get("point", 0) + int(df[column].isna().sum())
    how = None
    if not crs and srid(values) and (not plain or len(plain) == len(parsed)):
        crs, how = srid(values), "the EWKT's SRID"
    elif not crs and srid(values):
        how = "the cells without an SRID, by their value ranges; those with one in their own"
        xy = shapely.get_coordinates(plain)
        crs = guess_crs_from_values(xy[:, 0].tolist(), xy[:, 1].tolist()) or srid(values)
    if not crs and parsed:
        xy = shapely.get_coordinates(parsed)
        crs = guess_crs_from_values(xy[:, 0].tolist(), xy[:, 1].tolist())
        how = "guessed from the coordinates' value ranges" if crs else None
        if not crs:  # not plainly inside Denmark in any system: degrees or metres?
            crs = "EPSG:4326" if abs(xy).max() <= 180 else "EPSG:25832"
            how = "a guess: the coordinates are not inside Denmark in any system the kit knows"
    crs = crs or "EPSG:25832"
    geo = {"column": column, "crs": crs}
    if cols:
        geo.update(x=cols[0], y=cols[1])
    main = max(kinds, key=kinds.get) if kinds else "point"
    counts = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in kinds.items())
    geo["why"] = (f"{column!r} holds the geometries ({counts or 'none readable'}) in {crs}"
                  + (f" ({how})" if how else ""))
    geo["kind"] = main
    return geo


#: How a cvr_kode guessed from the points' place is said (the run repeats it as a warning).
PLACE_GUESS = "from where the points lie"
#: How a municipality named (by the file or the user) far from the points is said.
PLACE_ELSEWHERE = "but the points lie near"
#: Farther than this from the named municipality's main town, points are not its own: the
#: largest municipalities reach about 40 km from their main town (Ringkøbing-Skjern, Viborg).
FAR_KM = 50


#: Words in a column's name that say it names the authority ('Ansvarlig myndighed').
_AUTHORITY_WORDS = ("myndighed", "kommune", "ansvarlig", "ejer", "authority", "municipality")


def blank_column(df, column) -> bool:
    """A column without a name that holds nothing (an export's trailing ';;;;'): nothing to
    map, so not listed as unmapped."""
    if not re.fullmatch(r"column_\d+", str(column)):
        return False
    s = df[column]
    return bool(s.isna().all() or (s.astype("str").str.strip().fillna("") == "").all())


def _authority_column(df, used: set) -> dict | None:
    """A column named as the authority whose every value names a municipality ('Aarhus
    Kommune', '751'): cvr_kode from it, each value to its municipality's CVR number."""
    for col in df.columns:
        if col in used or not any(w in fold(col) for w in _AUTHORITY_WORDS):
            continue
        filled = df[col].astype("str").str.strip().where(df[col].notna(), "")
        if (filled == "").any():  # a row without: the file's municipality cannot stand in
            continue
        found = _municipality_codes(df, col)
        if found:
            return found
    return None


def _municipality_codes(df, col) -> dict | None:
    """cvr_kode from a column whose every value names a municipality ('Aarhus Kommune',
    '751'), each value to its CVR number; None if one names none."""
    values = _distinct(df[col].head(SAMPLE), limit=98)
    if not values or len(values) > 98:
        return None
    try:
        codes = {v: geofa.cvr_for_municipality(int(reference.find_municipality(v)["kode"]))
                 for v in values}
    except ValueError:
        return None
    return {"column": col, "codes": codes, "why": f"{col!r} names the municipality: " + ", ".join(
        f"{v} → {c} {geofa.authority_name(c)}" for v, c in list(codes.items())[:5])}


def _municipality(municipality, stem: str) -> tuple[int | None, str]:
    """(municipality code, why): the one given, else the one the file's name says."""
    if municipality not in (None, ""):
        return int(reference.find_municipality(municipality)["kode"]), "given"
    kode = _named_in(stem)
    return kode, f"from the file name {stem!r}" if kode is not None else ""


def _beside_the_points(df, geometry: dict, kode: int | None, how: str) -> tuple[int | None, str]:
    """Without a municipality, the one the points lie in (nearest main town); a named one
    far from the points is said."""
    place = _where_points_lie(df, geometry)
    if place is None:
        return kode, how
    lon, lat, near = place
    if kode is None:
        return int(near["kode"]), f"{PLACE_GUESS} (nearest main town: {near['hovedby']}); check it"
    named = reference.find_municipality(kode)
    km = _km(lon, lat, float(named["lon"]), float(named["lat"]))
    if int(near["kode"]) != kode and km > FAR_KM:
        how += (f", {PLACE_ELSEWHERE} {near['hovedby']} ({near['navn']} Kommune), {km:.0f} km "
                f"from {named['hovedby']}; check it")
    return kode, how


def _cvr_beside_the_points(df, spec: dict, geometry: dict) -> None:
    """A cvr_kode column holding one municipality's CVR number far from where the points lie
    (an Aarhus file that says Odense's): said in the field's `why`, as a named one is."""
    values = _distinct(df[spec["column"]].head(SAMPLE), limit=1)
    if len(values) != 1 or not _is_whole(values[0]):
        return
    cvr = _whole(values[0])
    try:
        named = reference.find_municipality(geofa.authority_name(cvr))
    except (KeyError, ValueError):  # a region's or an unknown number: the check judges it
        return
    _, how = _beside_the_points(df, geometry, int(named["kode"]),
                                f"{cvr} is {named['navn']} Kommune's")
    if PLACE_ELSEWHERE in how:
        spec["why"] += f"; {how}"


def _named_in(stem: str) -> int | None:
    """The municipality a file's name says ('aarhus-toiletter', 'ringkobing-skjern-…')."""
    words = [w for w in re.split(r"[^A-Za-zÆØÅæøå]+", stem) if len(w) >= 3]
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            try:
                return int(reference.find_municipality(" ".join(words[i : i + size]))["kode"])
            except ValueError:
                continue
    return None


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """The distance in km between two WGS84 points in Denmark (flat: 1° latitude 111 km,
    1° longitude 111 km × cos 56°)."""
    return 111.2 * (((lon1 - lon2) * 0.56) ** 2 + (lat1 - lat2) ** 2) ** 0.5


def _where_points_lie(df, geometry: dict):
    """(lon, lat, nearest main town's row) of the middle (median) of a sample of the file's
    points inside Denmark; None without usable points."""
    from oddk.clean_geo import to_wgs84
    from oddk.vocab import inside_denmark

    try:
        if geometry.get("column") and not geometry.get("x"):
            cells = df[geometry["column"]].head(SAMPLE)
            if geometry.get("pair"):
                from oddk.standards.geometry import pair_as_wkt

                cells = cells.map(lambda v: pair_as_wkt(v, geometry["pair"]))
            a, b = _points_of(cells)
            geometry = {**geometry, "x": "x", "y": "y"}
            df = pd.DataFrame({"x": a, "y": b})
        a = pd.to_numeric(df[geometry["x"]].head(SAMPLE), errors="coerce")  # a sample: the
        b = pd.to_numeric(df[geometry["y"]].head(SAMPLE), errors="coerce")  # median will do
        if geometry["crs"] != "EPSG:4326":
            pts, _ = to_wgs84(a, b, crs=geometry["crs"])
            a, b = pts["lon"], pts["lat"]
        a, b = pd.Series(a, dtype="float64"), pd.Series(b, dtype="float64")
        keep = inside_denmark(a, b)
        if not keep.any():
            return None
        lon, lat = float(a[keep].median()), float(b[keep].median())
        spread = float(np.percentile(_km(a[keep], b[keep], lon, lat), 80))
    except Exception:  # no usable coordinates: say nothing rather than guess
        return None
    if spread > FAR_KM:  # across the country (a region's, a national file): no one town's
        return None
    towns = reference.municipalities()
    return lon, lat, towns.loc[_km(towns["lon"], towns["lat"], lon, lat).idxmin()]


BORNHOLM = 400


def _numbers(values: pd.Series, decimal: str) -> list[float]:
    """The numbers of a column as text or numbers, written with `decimal`; others left out."""
    from oddk.read_types import to_number

    other = "." if decimal == "," else ","
    got = [to_number(v, decimal, other) if isinstance(v, str) else v for v in values.tolist()]
    return [float(v) for v in got if isinstance(v, (int, float)) and v == v]


def _bornholm_zone_33(df, geometry: dict, report) -> dict:
    """Bornholm's own files often give UTM zone 33 (EPSG:25833) metres, which the value
    ranges take for zone 32 (EPSG:25832) points in South Jutland. Coordinate columns whose
    system was only guessed, of a Bornholm file, inside Bornholm as zone 33: EPSG:25833."""
    from oddk.read_geo import guess_crs_from_values, in_bornholm_zone_33

    said = getattr(report, "crs_source", None)  # a .prj or a crs member is not overruled
    if geometry.get("crs") != "EPSG:25832" or not geometry.get("x") or geometry.get("column") \
            or (said and "guessed" not in said):
        return geometry
    a, b = (_numbers(df[geometry[k]].head(SAMPLE), geometry.get("decimal", "."))
            for k in ("x", "y"))
    if not a or not b:
        return geometry
    if not in_bornholm_zone_33(a, b) or guess_crs_from_values(a, b) != "EPSG:25832":
        return geometry
    geometry.update(crs="EPSG:25833", why=(
        f"{geometry['x']}, {geometry['y']} are EPSG:25833 metres (UTM zone 33, as Bornholm "
        "publishes): as EPSG:25832 they would lie in South Jutland, as EPSG:25833 they lie on "
        "Bornholm"))
    return geometry


def _points_of(values: pd.Series) -> tuple[list, list]:
    """A point for each geometry (its representative point), for where the file lies."""
    from oddk.standards.geometry import parse, to_point

    pts = [to_point(g) for g in map(parse, values.tolist()) if g is not None
           and not g.is_empty]
    return [p.x for p in pts], [p.y for p in pts]


def mapping_table(mapping: dict) -> pd.DataFrame:
    """The mapping as a table to read: target field, from (column or constant), codes, why."""
    rows = []
    for field in geofa.COLUMNS:
        if field in ("x", "y"):
            continue
        spec = (mapping.get("fields") or {}).get(field)
        if not spec:
            rows.append((field, "(empty)", "", "the file has nothing for it"))
            continue
        src = (f"columns {spec['column']} to {spec['until']}" if "until" in spec else
               f"column {spec['column']}" if "column" in spec else f"constant {spec['value']}")
        codes = ", ".join(f"{k} → {v}" for k, v in (spec.get("codes") or {}).items())
        if "other" in spec:
            codes += (", " if codes else "") + f"other → {spec['other']}"
        if spec.get("empty"):
            codes += (", " if codes else "") + " ".join(repr(e) for e in spec["empty"]) + " → empty"
        rows.append((field, src, codes, spec.get("why", "")))
    geo = mapping.get("geometry") or {}
    source = (f"column {geo['column']}" + (f" and columns {geo['x']}, {geo['y']}"
                                          if geo.get("x") else "") + f" ({geo.get('crs')})"
              if geo.get("column") else
              f"columns {geo.get('x')}, {geo.get('y')} ({geo.get('crs')})" if geo else "(none)")
    rows.append(("x, y" if "geometri" not in geofa.columns_for(mapping.get("standard"))
                 else "geometri", source, "", geo.get("why", "")))
    for col in mapping.get("unmapped") or []:
        rows.append(("(nothing)", f"column {col}", "", "maps to no field of the standard"))
    return pd.DataFrame(rows, columns=["field", "from", "codes", "why"])


def field_spec(df: pd.DataFrame, column: str, field: str) -> dict:
    """The mapping of one source column to one field, with codes from its values as
    `suggest_mapping` would make them (used when a person picks a column in the mapper)."""
    spec: dict = {"column": column, "why": f"chosen: column {column!r}"}
    if field == "doegnaab_k" and column in (pair := hours.hours_columns(df, df.columns) or ()):
        return hours.hours_spec(df, *pair)  # an opening time is read with its closing time
    values = _distinct(df[column])
    if field == "facil_ty_k":
        if _already_codes(df, column, field) or all(v.isdigit() for v in values):
            return spec
        spec["codes"] = {v: type_code(v) for v in values if type_code(v)}
        missing = [v for v in values if not type_code(v)]
        if missing:
            spec["why"] += "; no type code for " + ", ".join(missing) + ": add them under codes"
        return spec
    if field in ("handicap_k", "doegnaab_k", "betaling_k") and not _already_codes(
        df, column, field
    ):
        codes = _yes_no_codes(values, field)
        if codes is not None:
            spec["codes"] = codes
        elif field == "doegnaab_k":
            spec["codes"], spec["other"] = _known_words(values, field), 0
        elif field == "betaling_k":
            spec["codes"] = {v: 0 if is_free(v) else 1 for v in values}
        else:
            spec["codes"] = {}
            spec["why"] += "; its values are no yes/no words: add codes by hand"
    if field == "postnr" and "0" in values:
        spec["empty"] = ["0"]
    return spec
