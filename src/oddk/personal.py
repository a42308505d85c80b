"""Personal data in text: find it the way people write it, and mask it, so that no output
of the kit shows it in full. Every reader, report and tool takes its patterns from here.

The Danish quirks: a CPR number is ddmmyy-xxxx, written with a hyphen, an en or em dash,
a slash, a space or nothing between date and serial, sometimes with dots in the date
(11.03.85-2345), in columns, in free text, in column names; it is a CPR number only if
ddmmyy is a real calendar date under CPR's century rule (the 7th digit and the year say
18xx, 19xx or 20xx); the modulus-11 check is not used (CPR gave up on it in 2007).
Digits that belong to a decimal number (coordinates, "POINT (10.0703871234 56.1)") are
never a CPR or phone number. Phone numbers are +45 or 0045 and eight digits, or eight
digits in pairs ("12 34 56 78"). Staff user ids look like DOMAIN\\abc123. A number or a
mailbox next to an authority's or a business's name ("Borgerservice, +45 89 40 20 00",
"teknik@kommune.dk") is an organisation's, not a person's.

    >>> is_cpr("010157-5123"), is_cpr("010157–5123"), is_cpr("01.01.57 5123")
    (True, True, True)
    >>> is_cpr("310257-5123")              # 31 February: not a date, so not a CPR number
    False
    >>> mask("Ring til +45 12 34 56 78")
    'Ring til +45 •• •• •• 78'
"""

from __future__ import annotations

import re

DOT = "•"

# hyphens and dashes people type between date and serial: - ‐ ‑ ‒ – — ― −
DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # for a [character class]
# between date and serial: a dash or slash (spaces around it), or one or two spaces
# (a no-break space counts: Python's \s is Unicode's, RE2's is ASCII, hence _WS)
_WS = "\\s\u00a0"
_SEP = rf"(?:[{_WS}]{{0,2}}[{DASHES}/][{_WS}]{{0,2}}|[{_WS}]{{1,2}})"
# ddmmyy, or dd.mm.yy / dd-mm-yy / dd/mm/yy / dd mm yy, then a separator or none, then the
# serial; not inside a longer number (`cpr_matches` also keeps a bare ten-digit number out
# of a decimal one: a coordinate's decimals are never a CPR number)
CPR_RE = re.compile(
    rf"(?<![0-9+])([0-3][0-9])([./ {DASHES}]?)([01][0-9])\2([0-9]{{2}})({_SEP}?)([0-9]{{4}})"
    r"(?![0-9])")
# the same for pyarrow's RE2 (no look-around): finds every candidate, the above decides
CPR_RE2 = (rf"(?:^|[^0-9+])[0-3][0-9][./ {DASHES}]?[01][0-9][./ {DASHES}]?[0-9]{{2}}{_SEP}?"
           r"[0-9]{4}(?:[^0-9]|$)")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
EMAIL_RE2 = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
PHONE_RE = re.compile(
    r"(?:(?<![0-9])(?:\+|00)45[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}"
    r"|(?<![0-9+.,])[0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2})(?![0-9])(?![.,][0-9])"
)
PHONE_RE2 = (
    r"(?:(?:\+|00)45[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}"
    r"|(?:^|[^0-9+])[0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2})(?:[^0-9]|$)"
)
PLAIN_PHONE_RE2 = r"^\s*[0-9]{8}\s*$"  # eight digits alone: a phone number only in a phone column
USER_ID_RE = re.compile(r"\b[A-Za-z]{2,15}\\[A-Za-z][A-Za-z0-9._\-]{1,30}")
USER_ID_RE2 = r"(?:^|[^A-Za-z])[A-Za-z]{2,15}\\[A-Za-z][A-Za-z0-9._\-]{1,30}"

#: What each pattern above needs at the least (a CPR number's ten digits, a phone number's
#: eight in pairs or its +45, nine digits, an '@', a '\\'): a quick test before them all.
_MAYBE = re.compile(r"@|\\|(?:\+|00)45|[0-9]{9}|[0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2}|"
                    r"[0-9]{2}[^0-9]?[0-9]{2}[^0-9]?[0-9]{2}[^0-9]{0,5}[0-9]{4}")

PHONE_COLUMN = re.compile(r"(tlf|telefon|phone|mobil|mobile|tel)(_?nr|nummer|number)?$", re.I)
CPR_COLUMN = re.compile(r"(cpr|personnummer|personnr|person_?nr)", re.I)  # not pnr: postnr
# words of column names that say the table is about persons: a date-valid ten-digit number
# anywhere in it is a CPR number even alone (whole words of the name: not "elevator",
# not "borgerservice_tlf")
PERSON_TABLE_WORDS = {"cpr", "cprnr", "personnummer", "personnr", "borger", "borgere",
                      "borgernavn", "ansoeger", "ansøger", "patient", "klient", "elev", "elever",
                      "elevnavn", "fornavn", "efternavn", "foedselsdato", "fødselsdato",
                      "foedt", "født"}


def person_table(columns) -> bool:
    """Do the column names say the table is about persons (cpr, borger, fornavn …)?"""
    for c in columns:
        name = str(c).lower()
        words = set(re.split(r"[^a-zæøå0-9]+", name)) | {name.replace("_", "")}
        if words & PERSON_TABLE_WORDS or CPR_COLUMN.search(name):
            return True
    return False


USER_COLUMN = re.compile(
    r"^(oprettet_?af|opdateret_?af|(ae|æ)ndret_?af|rettet_?af|created_?by|modified_?by|"
    r"updated_?by|bruger|brugernavn|bruger_?id|user|username|user_?id|initialer|"
    r"sagsbehandler)$", re.I)
# "bruger" and "user" may name who a facility is for ("Børn", "Alle"): their values count
# as user ids only when they look like one (digits, DOMAIN\\user)
WEAK_USER_COLUMN = re.compile(r"^(bruger|user)$", re.I)
PERSON_COLUMN = re.compile(
    r"^(fornavn|efternavn|mellemnavn|for_navn|efter_navn|fulde_?navn|kontakt_?person|"
    r"kontaktnavn|borger|borgernavn|ansoeger|ansøger|medarbejder|person|personnavn|"
    r"first_?name|last_?name|full_?name|surname|given_?name|contact_?person|"
    r"ejer|ejer_?navn|anmelder)$", re.I)
# of those, the names that may hold other things than a person's name ("ejer": Privat,
# Kommunal, Staten): a value counts only when it has a person name's shape
WEAK_PERSON_COLUMN = re.compile(r"^(ejer|ejer_?navn|anmelder|medarbejder|person)$", re.I)
# names ending in navn that name places, not persons
PLACE_NAME_COLUMN = re.compile(
    r"(vej|gade|sted|by|kommune|region|sogn|omraade|område|park|skole|institution|"
    r"facilitet|anlaeg|anlæg|bygning|lokale|rute|spor|station|havn|ejendom|matrikel|"
    r"projekt|fil|felt|kolonne|ark|art|type|kategori)_?(navn|name)$", re.I)
NAME_COLUMN = re.compile(r"^(navn|name|navne|names)$", re.I)
# columns whose values are coordinates or geometry: never personal data
GEOMETRY_COLUMN = re.compile(
    r"^(geometry|geometri|geom|the_geom|wkt|wkb|shape|geo_?json|lat|lon|lng|latitude|"
    r"longitude|x|y|x_?koord(inat)?|y_?koord(inat)?|easting|northing|(oe|ø)st|nord)$", re.I)
WKT_RE2 = (r"^\s*(?i:(MULTI)?(POINT|LINESTRING|POLYGON)|GEOMETRYCOLLECTION)\s*(Z|M|ZM)?\s*\("
           r"|^\s*\{\s*\"type\"")

# Words that name an authority, an institution or a business: a phone number or a mailbox
# beside them is the organisation's, and a name with them is no person's. Whole words
# ("Havnen", not the end of "Frederikshavn" or "København"), except COMPOUND_WORDS, which
# end Danish compounds (Miljøforvaltningen, Rådhusservice, Sundhedscentret).
ORGANISATION_WORDS = """
kommune kommunen kommunes region regionen staten styrelse styrelsen ministerium ministeriet
forvaltning forvaltningen afdeling afdelingen sekretariat sekretariatet borgerservice
kundeservice service center centret centeret hovednummer omstilling omstillingen
rådhus rådhuset raadhus skole skolen bibliotek biblioteket museum museet hospital sygehus
plejecenter plejehjem børnehave boernehave vuggestue institution klub forening foreningen
fond fonden butik shop café cafe restaurant hotel camping turistbureau turistinformation
politi politiet beredskab brandvæsen forsyning forsyningen vandværk varmeværk havn havnen
kirke kirken sogn menighedsråd universitet gymnasium kollegium boligforening ejerforening
vejlaug grundejerforening
""".split()
COMPOUND_WORDS = """
forvaltning forvaltningen styrelse styrelsen center centret centeret service skole skolen
bibliotek biblioteket forening foreningen afdeling afdelingen sekretariat sekretariatet
institution hospital sygehus museum museet ministerium ministeriet
""".split()
# abbreviations of company forms: whole words only
COMPANY_FORMS = ["a/s", "aps", "i/s", "k/s", "p/s", "amba", "smba", "ivs"]
_WORDS = "|".join(re.escape(w) for w in ORGANISATION_WORDS + COMPANY_FORMS)
_COMPOUNDS = "|".join(re.escape(w) for w in COMPOUND_WORDS)
_ORG = re.compile(rf"(?<![a-zæøå])({_WORDS})(?![a-zæøå])|({_COMPOUNDS})(?![a-zæøå])", re.I)
ORGANISATION_RE2 = (rf"(?i)((^|[^a-zæøå])({_WORDS})([^a-zæøå]|$)"
                    rf"|({_COMPOUNDS})([^a-zæøå]|$))")
# columns whose value names the row's place or organisation: a phone number or mailbox in a
# row whose such column names an organisation is the organisation's (an address or a
# municipality column says nothing about whose number it is)
ORG_CONTEXT_COLUMN = re.compile(
    r"^(navn|name|sted|stednavn|institution|facilitet|facility|firma|virksomhed|"
    r"organisation|organization|afdeling|enhed|forvaltning|ejer|ejer_?navn|udbyder|"
    r"arrang(oe|ø)r|kontakt|kontaktnavn|ansvarlig)$|navn$|name$", re.I)
# a cell that starts by naming an organisation ("Borgerservice, +45 89 40 20 00", "Aarhus
# Kommune: 89 40 20 00"): its number is the organisation's; in prose ("Borger ringede til
# kommunen fra …") it is not
ORGANISATION_LEAD_RE2 = (rf"(?i)^[^a-zæøå]*(?:[a-zæøå0-9./]+[^a-zæøå0-9]+){{0,2}}"
                         rf"(?:(?:{_WORDS})|[a-zæøå]*(?:{_COMPOUNDS}))([^a-zæøå]|$)")

# the local part of a mailbox that is no person's (info@, post@, teknik@ …)
SHARED_MAILBOX = re.compile(
    r"^(info|post|mail|kontakt|contact|service|kundeservice|borgerservice|teknik|"
    r"sekretariat|administration|admin|support|hello|hej|noreply|no-reply|presse|"
    r"redaktion|web|webmaster|booking|salg|sales|ordre|faktura|bogholderi|regnskab|"
    r"digitalpost|sikkerpost|raadhus|rådhus|byg|miljoe|miljø|vej|park|natur)([._-].*)?$",
    re.I)

# Common Danish first names (Danmarks Statistik's most frequent), to tell a column of
# person names from a column of place names ("Toilet ved Havnen").
FIRST_NAMES = set("""
anne kirsten hanne mette anna helle susanne lene maria marianne lone camilla pia louise
charlotte tina gitte inge bente karen ida emma julie sofie laura mathilde freja clara
line katrine maja signe cecilie birgitte jette ulla lise rikke trine malene sara sarah
peter jens michael lars henrik thomas søren soeren christian martin jan niels rasmus
morten anders jesper mads per hans kim ole steen jørgen joergen poul frederik mikkel
jakob jacob daniel kasper carl william oliver noah lucas victor emil magnus oscar
alexander kristian torben erik bo john brian allan kenneth claus flemming johannes
""".split())
NAME_VALUE = re.compile(r"^[A-ZÆØÅ][a-zæøåéü]+(?:[ \-][A-ZÆØÅ][a-zæøåéü]+){1,3}$")


def cpr_century(year2: int, digit7: int) -> int:
    """CPR's century rule: the birth year from the two-digit year and the 7th digit."""
    if digit7 <= 3:
        return 1900 + year2
    if digit7 in (4, 9):
        return 2000 + year2 if year2 <= 36 else 1900 + year2
    return 2000 + year2 if year2 <= 57 else 1800 + year2  # 5-8


def _real_date(y: int, m: int, d: int) -> bool:
    if not 1 <= m <= 12 or d < 1:
        return False
    days = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][m - 1]
    return d <= days


_BANK_REG = re.compile(r"(?<![0-9])[0-9]{4}[ \-]$")  # a bank's registration number before an account


def _in_decimal(text: str, start: int, end: int) -> bool:
    """Do the digits text[start:end] belong to a decimal number (a mark and a digit on
    either side)?"""
    before = start >= 2 and text[start - 1] in ".," and text[start - 2].isdigit()
    after = end + 1 < len(text) and text[end] in ".," and text[end + 1].isdigit()
    return before or after


def cpr_matches(value: str) -> list[re.Match]:
    """The CPR numbers in a text, however they are written, whose date is real."""
    out = []
    for m in CPR_RE.finditer(value):
        dd, _, mm, yy, _, seq = m.groups()
        if m.group(0).isdigit() and (_in_decimal(value, m.start(), m.end())
                                     or _BANK_REG.search(value, 0, m.start())):
            continue  # 56.1203851234, 1203851234.5: a number's digits; 1551 0101575123: an account
        year = cpr_century(int(yy), int(seq[0]))
        if _real_date(year, int(mm), int(dd)):
            out.append(m)
    return out


def is_bare_cpr(value: str) -> bool:
    """Ten digits alone with a real CPR date (0101571234): a CPR number only in a context
    that says person, or among values that nearly all are."""
    v = str(value).strip()
    found = cpr_matches(v)
    return len(v) == 10 and v.isdigit() and len(found) == 1


def looks_like_organisation(text) -> bool:
    """'Københavns Kommune', 'Borgerservice', 'Hansens Bageri ApS': an authority's, an
    institution's or a business's name (or a text naming one)."""
    return bool(_ORG.search(str(text)))


def shared_mailbox(address: str) -> bool:
    """info@…, post@…, teknik@kommune.dk: a mailbox of an organisation, not a person's."""
    local, _, domain = str(address).partition("@")
    return bool(SHARED_MAILBOX.match(local)) or looks_like_organisation(domain.split(".")[0])


def is_cpr(value: str) -> bool:
    """True if the whole value is one CPR number (with or without the dash)."""
    v = str(value).strip()
    found = cpr_matches(v)
    return len(found) == 1 and found[0].group(0) == v


def mask_cpr(s: str) -> str:
    """'040357-7847' -> '04••••-••••' (day kept, the rest hidden), whatever the separators."""
    sep = "" if s.strip().isdigit() else "-"
    return s.strip()[:2] + DOT * 4 + sep + DOT * 4


def mask_email(s: str) -> str:
    """'rasmus.soerensen1@example.com' -> 'r•••@example.com'."""
    local, _, domain = s.partition("@")
    return (local[:1] + DOT * 3) + "@" + domain


def mask_phone(s: str) -> str:
    """'+45 19 39 90 53' -> '+45 •• •• •• 53': the last two digits kept."""
    digits = [i for i, c in enumerate(s) if c.isdigit()]
    keep = set(digits[-2:])
    prefix_end = 3 if s.startswith("+45") else 4 if s.startswith("0045") else 0
    return "".join(c if (i < prefix_end or i in keep or not c.isdigit()) else DOT
                   for i, c in enumerate(s))


def mask_user_id(s: str) -> str:
    """'ADM\\abc123' -> 'ADM\\a•••••'."""
    dom, _, user = s.partition("\\")
    return dom + "\\" + user[:1] + DOT * max(3, len(user) - 1)


def mask_name(s: str) -> str:
    """'Rasmus Sørensen' -> 'R••• S•••': initials only."""
    return " ".join(w[:1] + DOT * 3 for w in str(s).split())


def mask_label(text: str, limit: int = 200) -> str:
    """A name (a column's, a sheet's, a file's) with the CPR numbers, e-mail addresses,
    phone numbers and user ids in it masked; other digits kept, for a name such as
    '202401010000' is no one's.

        >>> mask_label("måling_202401010000"), mask_label("010157-5123")
        ('måling_202401010000', '01••••-••••')
    """
    return mask(text, limit, digits=False)


def mask(text: str, limit: int = 60, digits: bool = True) -> str:
    """Any text with CPR numbers, e-mail addresses, phone numbers and user ids masked, cut
    to `limit` characters; with `digits`, any run of nine or more digits too (a value may
    be a CPR number that lost its leading zero). Every value a report shows passes here.

        >>> mask("Borger med CPR 201257-8004 har klaget")
        'Borger med CPR 20••••-•••• har klaget'
    """
    s = str(text)
    if len(s) <= limit and not _MAYBE.search(s):
        return s  # nothing any pattern below could match
    for m in reversed(cpr_matches(s)):
        s = s[: m.start()] + mask_cpr(m.group(0)) + s[m.end():]
    s = EMAIL_RE.sub(lambda m: mask_email(m.group(0)), s)
    s = PHONE_RE.sub(lambda m: mask_phone(m.group(0)), s)
    s = USER_ID_RE.sub(lambda m: mask_user_id(m.group(0)), s)
    if digits:
        s = re.sub(r"(?<![0-9])(?<![0-9][.,])[0-9]{9,}(?![0-9])",
                   lambda m: m.group(0)[:2] + DOT * 4, s)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return s


def looks_like_person_name(value: str) -> bool:
    """'Rasmus Sørensen' yes; 'Toilet ved Havnen' no: two to four capitalised words, the
    first a common Danish first name."""
    v = str(value).strip()
    return bool(NAME_VALUE.match(v)) and v.split()[0].split("-")[0].lower() in FIRST_NAMES
