"""Bad files for the readiness lessons: each carries one documented defect (or a few),
and bad/expected.yaml says which finding codes a readiness check should raise.

Personal data here is fictitious by construction:
- CPR-like numbers DDMMYY-SSSS use YY = 57 with a 7th digit of 5-8, which CPR's century
  rule reads as born in 2057: a valid date, a valid-looking number, and nobody living has
  it (CPR cannot issue it before 2057).
- e-mail addresses use the reserved domain example.com (RFC 2606).
- phone numbers are +45 followed by eight digits starting with 1: the Danish numbering
  plan uses a leading 1 only for short codes (112, 114, 1813 ...), so no subscriber has
  such a number.
- staff user ids (ADM\\abc123) are random letters and digits.
"""

from __future__ import annotations

import json
import random
import struct
import zlib
from datetime import date, timedelta

import yaml

from oddk.generate.common import Output, csv_text, rng, to_utm, xlsx_bytes
from oddk.vocab import fold

FIRST = [
    "Mette",
    "Lars",
    "Anne",
    "Søren",
    "Kirsten",
    "Jens",
    "Hanne",
    "Niels",
    "Birgitte",
    "Peter",
    "Line",
    "Mads",
    "Ida",
    "Rasmus",
    "Freja",
    "Aske",
]
LAST = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
]


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _ascii(name: str) -> str:
    return fold(name)  # Søren Jørgensen → soeren.joergensen@…


def fake_cpr(r: random.Random, hyphen: bool = True) -> str:
    """A CPR-like number that no living person has: born in 2057 by CPR's century rule
    (7th digit 5-8 with year 00-57 means 2000-2057)."""
    born = date(2057, 1, 1) + timedelta(days=r.randint(0, 364))
    serial = f"{r.randint(5, 8)}{r.randint(0, 999):03d}"
    head = born.strftime("%d%m%y")
    return f"{head}-{serial}" if hyphen else head + serial


def fake_phone(r: random.Random, spaced: bool = True) -> str:
    """+45 and eight digits starting with 1: never a subscriber number in Denmark."""
    digits = "1" + "".join(str(r.randint(0, 9)) for _ in range(7))
    if spaced:
        return "+45 " + " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    return "+45" + digits


def _png() -> bytes:
    """A valid 8x8 grey PNG: binary bytes, NULs included."""
    raw = b"".join(b"\x00" + bytes([128] * 8) for _ in range(8))

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def build(out: Output, towns: dict) -> None:
    r = rng("bad")
    expected = []

    def note(rel, defect, expect, may=(), **details):
        expected.append(
            {"path": rel, "defect": defect, "expect": list(expect), "may": list(may), **details}
        )

    # 1. Personal data.
    rows = []
    for i in range(1, 21):
        first, last = r.choice(FIRST), r.choice(LAST)
        cpr = fake_cpr(r, hyphen=i % 4 != 0)
        remark = r.choice(
            ["", "Ringet op", "Afventer svar", f"Borger med CPR {fake_cpr(r)} har klaget"]
        )
        rows.append(
            [
                f"2024-{1000 + i}",
                f"{first} {last}",
                cpr,
                f"{_ascii(first)}.{_ascii(last)}{i}@example.com",
                fake_phone(r, spaced=i % 3 != 0),
                f"ADM\\{''.join(r.choice(LETTERS) for _ in range(3))}{r.randint(100, 999)}",
                remark,
            ]
        )
    rel = "bad/personoplysninger-synthetic.csv"
    out.table(
        rel,
        ["sagsnr", "navn", "cpr", "email", "telefon", "oprettet_af", "bemaerkning"],
        rows,
        sep=";",
    )
    note(
        rel,
        "Names, CPR-like numbers (also inside free text), e-mail addresses, phone numbers "
        "and staff user ids (oprettet_af, ADM\\abc123). All fictitious: see the card.",
        ["personal-data-cpr", "personal-data-email", "personal-data-phone"],
        may=["missing-values", "formula-injection"],
        columns={
            "cpr": "cpr",
            "email": "email",
            "phone": "telefon",
            "user_id": "oprettet_af",
            "free_text": "bemaerkning",
        },
    )

    # 2. Formula injection, CSV and XLSX.
    header = ["navn", "link", "kommentar", "beloeb"]
    rows = [
        ["Toilet ved Havnen", '=HYPERLINK("http://example.com/x";"Klik her")', "ok", "125,50"],
        ["Legeplads ved Søen", "https://example.com/legeplads", "+SUM(1+1)", "-40,00"],
        ["P-plads ved Torvet", "https://example.com/p", "-2+3", "80,00"],
        ["Bænk ved Åen", "https://example.com/b", "@SUM(A1:A3)", "0,00"],
        ["Shelter i Skoven", "https://example.com/s", "=1+1", "12,00"],
    ]
    rel = "bad/formler-synthetic.csv"
    out.table(rel, header, rows, sep=";", decimal=",")
    note(
        rel,
        "Cells that a spreadsheet would run as formulas: =HYPERLINK(...), +SUM, -2+3, @SUM, =1+1. "
        "beloeb holds ordinary negative numbers (-40,00), which are not formulas.",
        ["formula-injection"],
        formula_cells=[
            [1, "link"],
            [2, "kommentar"],
            [3, "kommentar"],
            [4, "kommentar"],
            [5, "kommentar"],
        ],
    )
    rel = "bad/formler-synthetic.xlsx"
    xrows = [[a, b, c, float(d.replace(",", "."))] for a, b, c, d in rows]
    xrows[0][1] = '=HYPERLINK("http://example.com/x","Klik her")'
    xrows[4][2] = "=1+1"
    out.binary(
        rel,
        xlsx_bytes([("Data", [header] + xrows)]),
        format="xlsx",
        sheets=["Data"],
        header=header,
        header_row=1,
        rows=len(xrows),
    )
    note(
        rel,
        "Real formula cells in an Excel sheet (a HYPERLINK and =1+1), plus text cells that "
        "start with + - @.",
        ["formula-injection"],
    )

    # 3. Ragged rows.
    lines = [
        "id,navn,postnr,by",
        "1,Toilet ved Havnen,8000,Aarhus",
        "2,Toilet ved Torvet,8000",
        "3,Toilet ved Parken,8200,Aarhus N,ekstra",
        "4,Toilet ved Stationen,8210,Aarhus V",
        "5,Toilet ved Søen, Aarhus,8240,Risskov",
    ]
    rel = "bad/ujaevne-raekker-synthetic.csv"
    out.text(
        rel,
        "\n".join(lines) + "\n",
        format="csv",
        separator=",",
        decimal=".",
        line_ending="LF",
        header=lines[0].split(","),
        header_row=1,
        rows=5,
        readable=False,
    )
    note(
        rel,
        "Rows with too few fields (line 3), too many (line 4) and an unquoted comma in a "
        "name (line 6).",
        ["ragged-rows"],
        may=["missing-values"],
        lines=[3, 4, 6],
    )

    # 4. Duplicate header names.
    rel = "bad/dobbelt-overskrift-synthetic.csv"
    text = (
        "id,navn,adresse,navn,postnr\n"
        "1,Toilet A,Havnegade 1,Havnetoilettet,8000\n"
        "2,Toilet B,Torvet 2,,8000\n"
    )
    out.text(
        rel,
        text,
        format="csv",
        separator=",",
        decimal=".",
        line_ending="LF",
        header=["id", "navn", "adresse", "navn", "postnr"],
        header_row=1,
        rows=2,
        readable=False,
    )
    note(rel, "The column name 'navn' appears twice.", ["duplicate-column"], columns=["navn"])

    # 5. Empty and header-only files.
    rel = "bad/tom-synthetic.csv"
    out.binary(
        rel, b"", format="csv", encoding="utf-8", bom=False, rows=0, header=[], readable=False
    )
    note(rel, "Zero bytes.", ["empty-file"])
    rel = "bad/kun-overskrift-synthetic.csv"
    out.table(rel, ["id", "navn", "postnr", "x", "y"], [], readable=False)
    note(rel, "A header and no data rows.", ["empty-file"])

    # 6. Not a table: a PNG and an XLSX named .csv.
    rel = "bad/binaer-synthetic.csv"
    out.binary(rel, _png(), format="png (named .csv)", readable=False)
    note(rel, "A PNG image with a .csv name: binary bytes, NULs included.", ["not-tabular"])
    rel = "bad/excel-forklaedt-synthetic.csv"
    out.binary(
        rel,
        xlsx_bytes([("Ark1", [["id", "navn"], [1, "Toilet ved Havnen"]])]),
        format="xlsx (named .csv)",
        readable=False,
    )
    note(
        rel,
        "An Excel workbook (XLSX, a zip file starting with PK) with a .csv name.",
        ["not-tabular"],
        actual_format="xlsx",
    )

    # 7. Several sheets.
    rel = "bad/flere-ark-synthetic.xlsx"
    cover = [
        ["Legepladser, opgørelse"],
        ["Udarbejdet af Park og Natur"],
        ["Se arkene Data 2023 og Data 2024"],
    ]
    data = {
        y: [["id", "navn", "antal_redskaber"]]
        + [[i, f"Legeplads {i}", r.randint(2, 14)] for i in range(1, 9)]
        for y in (2023, 2024)
    }
    out.binary(
        rel,
        xlsx_bytes([("Forside", cover), ("Data 2023", data[2023]), ("Data 2024", data[2024])]),
        format="xlsx",
        sheets=["Forside", "Data 2023", "Data 2024"],
        header=data[2024][0],
        header_row=1,
        rows=8,
    )
    note(
        rel,
        "Three sheets: a cover page of text first, then two data sheets. A reader that "
        "takes the first sheet gets the cover page; the report should list the sheets.",
        [],
        may=["not-tabular", "missing-values"],
        sheets=["Forside", "Data 2023", "Data 2024"],
    )

    # 8. Encodings.
    rel = "bad/latin1-synthetic.csv"
    text = csv_text(
        ["id", "navn", "by"],
        [
            [1, "Toilet ved Åen", "Århus"],
            [2, "Bænk ved Søen", "Køge"],
            [3, "Legeplads, Østerbro", "København Ø"],
        ],
        ";",
        "\r\n",
    )
    out.text(
        rel,
        text,
        encoding="cp1252",
        format="csv",
        separator=";",
        decimal=".",
        line_ending="CRLF",
        header=["id", "navn", "by"],
        header_row=1,
        rows=3,
    )
    note(
        rel,
        "Windows-1252 (Danish letters as single bytes 0xC5 0xE6 0xF8 ...), not UTF-8.",
        ["encoding-not-utf8"],
    )
    rel = "bad/blandet-kodning-synthetic.csv"
    good = "id;navn;by\r\n1;Toilet ved Åen;Aarhus\r\n2;Bænk ved Søen;Køge\r\n".encode()
    bad_lines = "3;Legeplads ved Østergade;Ærøskøbing\r\n".encode("cp1252")
    tail = "4;Shelter i Skoven;Sorø\r\n".encode()
    out.binary(
        rel,
        good + bad_lines + tail,
        format="csv",
        encoding="mixed (utf-8, cp1252 on line 4)",
        separator=";",
        readable=False,
    )
    note(
        rel,
        "UTF-8 except line 4, which is Windows-1252: a file pasted together from two sources.",
        ["encoding-not-utf8"],
        lines=[4],
    )

    # 9. Dates in three formats, one impossible date.
    rel = "bad/datoer-tre-formater-synthetic.csv"
    rows = [
        [1, "2024-05-01", "Eftersyn"],
        [2, "02-05-2024", "Reparation"],
        [3, "3/5/2024", "Eftersyn"],
        [4, "2024-05-06", "Maling"],
        [5, "31-02-2021", "Eftersyn"],
        [6, "7/5/2024", "Rengøring"],
    ]
    out.table(rel, ["id", "dato", "handling"], rows)
    note(
        rel,
        "Dates as 2024-05-01, 02-05-2024 and 3/5/2024 in one column, and 31-02-2021, which "
        "does not exist.",
        ["invalid-date"],
        may=["mixed-types"],
        lines=[6],
    )

    # 10. Thousands separators and decimal commas.
    rel = "bad/tusindtalsseparator-synthetic.csv"
    rows = [
        ["Aarhus", "1.234.567", "12.500,50"],
        ["Odense", "987.654", "9.875,25"],
        ["Læsø", "1.234", "17,5"],
        ["Aalborg", "876.543", "8.765,00"],
    ]
    out.table(
        rel, ["kommune", "udgift_kr", "pr_indbygger_kr"], rows, sep=";", decimal=",", thousands="."
    )
    note(
        rel,
        "Numbers with '.' as thousands separator and ',' as decimal mark: read naively, "
        "1.234 becomes one point two three four.",
        [],
        may=["mixed-types"],
    )

    # 11. Swapped coordinates.
    town = towns[751]
    cx, cy = to_utm(float(town["lon"]), float(town["lat"]))
    rows = [
        [i, f"Bænk {i}", f"{cy + r.uniform(-3000, 3000):.2f}", f"{cx + r.uniform(-3000, 3000):.2f}"]
        for i in range(1, 7)
    ]
    rel = "bad/ombyttede-koordinater-synthetic.csv"
    out.table(rel, ["id", "navn", "x", "y"], rows, crs="EPSG:25832 (x and y swapped)")
    note(
        rel,
        "EPSG:25832 with x and y swapped: x holds northings (about 6 200 000), y eastings.",
        ["coordinates-outside-denmark"],
    )
    rows = [
        [
            i,
            f"Bænk {i}",
            f"{float(town['lon']) + r.uniform(-0.04, 0.04):.6f}",
            f"{float(town['lat']) + r.uniform(-0.03, 0.03):.6f}",
        ]
        for i in range(1, 7)
    ]
    rel = "bad/ombyttede-lat-lon-synthetic.csv"
    out.table(rel, ["id", "navn", "lat", "lon"], rows, crs="EPSG:4326 (lat and lon swapped)")
    note(
        rel,
        "WGS84 with latitude and longitude swapped: the points land in the Arabian Sea.",
        ["coordinates-outside-denmark"],
    )

    # 12. Duplicates and missing values; municipality codes; mixed types.
    rows = [
        [1, "Toilet ved Havnen", "8000", "Ja"],
        [2, "Toilet ved Torvet", "", "Nej"],
        [1, "Toilet ved Havnen", "8000", "Ja"],
        [3, "", "8200", ""],
        [4, "Toilet ved Parken", "8210", "Ja"],
        [4, "Toilet ved Parken", "8210", "Ja"],
    ]
    rel = "bad/dubletter-og-mangler-synthetic.csv"
    out.table(rel, ["id", "navn", "postnr", "handicap"], rows)
    note(
        rel,
        "Rows 3 and 6 repeat rows 1 and 5 exactly; postnr, navn and handicap have empty cells.",
        ["duplicate-rows", "missing-values"],
        duplicate_rows=[3, 6],
    )
    rows = [
        ["751", "Aarhus", 120],
        ["0751", "Aarhus", 80],
        ["999", "Ukendt", 15],
        ["0", "", 3],
        ["1081", "Region Nordjylland", 44],
        ["101", "København", 230],
        ["1234", "Testby", 1],
    ]
    rel = "bad/ugyldige-kommunekoder-synthetic.csv"
    out.table(rel, ["kommunekode", "kommune", "antal"], rows)
    note(
        rel,
        "kommunekode 999, 0, 1234 are no municipality; 1081 is a region code. 751 and 0751 "
        "are both valid (Aarhus).",
        ["invalid-municipality-code"],
        may=["missing-values"],
        invalid_values=["999", "0", "1081", "1234"],
    )
    rows = [[1, "12"], [2, "7"], [3, "ukendt"], [4, "n/a"], [5, "15"], [6, "9,5"]]
    rel = "bad/blandede-typer-synthetic.csv"
    out.table(rel, ["id", "antal_pladser"], rows)
    note(
        rel,
        "antal_pladser mixes whole numbers, a decimal comma and words (ukendt, n/a).",
        ["mixed-types"],
    )

    # 13. Breaks the GeoFA facility schema.
    rows = [
        [
            55133018,
            1012,
            "Toilet ved Havnen",
            "",
            1,
            1,
            0,
            "",
            "8000",
            "",
            "575000.00",
            "6224000.00",
        ],
        [
            55133018,
            9999,
            "Ukendt facilitet",
            "",
            7,
            1,
            0,
            "",
            "8000",
            "",
            "575100.00",
            "6224100.00",
        ],
        [55133018, 1012, "Toilet uden sted", "", 3, 5, 0, "", "8000", "", "", ""],
        [
            "",
            1031,
            "Legeplads uden ejer",
            "",
            1,
            "",
            "",
            "12000",
            "80000",
            "",
            "575200.00",
            "6224200.00",
        ],
    ]
    from oddk.generate.geofa import KEY_COLUMNS

    rel = "bad/geofa-skemafejl-synthetic.csv"
    out.table(rel, KEY_COLUMNS, rows, crs="EPSG:25832")
    note(
        rel,
        "Claims the GeoFA facility form but breaks it: facil_ty_k 9999 and handicap_k 7 are "
        "not in the code lists, doegnaab_k 5 is not a ja/nej code, a point without x/y, a row "
        "without cvr_kode, antal_pl above 9999 and a five-digit postnr.",
        ["schema-violation"],
        may=["missing-values"],
        standard="GeoFA facility points (t_5800_fac_pkt)",
    )

    # 14. Latin-1 bytes inside a GeoJSON file (which RFC 7946 says must be UTF-8).
    rel = "bad/latin1-i-geojson-synthetic.geojson"
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"navn": name, "by": "Århus"},
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
            for name, lon, lat in [
                ("Bænk ved Åen", 10.2031, 56.1572),
                ("Bænk ved Søen", 10.1893, 56.1498),
                ("Shelter i Skoven", 10.1702, 56.1351),
            ]
        ],
    }
    data = json.dumps(doc, ensure_ascii=False).encode("cp1252")
    out.binary(rel, data, format="geojson", encoding="cp1252", crs="EPSG:4326", rows=3)
    note(
        rel,
        "GeoJSON whose Danish letters are Windows-1252 bytes; GeoJSON must be UTF-8.",
        ["encoding-not-utf8"],
    )

    # 15. Web Mercator (EPSG:3857) metres in columns named x and y.
    rel = "bad/web-mercator-synthetic.csv"
    from pyproj import Transformer

    merc = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    rows = []
    for i in range(1, 7):
        lon = float(town["lon"]) + r.uniform(-0.05, 0.05)
        lat = float(town["lat"]) + r.uniform(-0.03, 0.03)
        mx, my = merc.transform(lon, lat)
        rows.append([i, f"Vandpost {i}", f"{mx:.2f}", f"{my:.2f}"])
    out.table(rel, ["id", "navn", "x", "y"], rows, crs="EPSG:3857 (not stated in the file)")
    note(
        rel,
        "x/y in Web Mercator (EPSG:3857, about 1 136 000 / 7 590 000 in Aarhus), which "
        "look like EPSG:25832 metres but are not: read as EPSG:25832 the points fall far "
        "outside Denmark. No CRS is stated.",
        [],
        may=["coordinates-outside-denmark"],
        actual_crs="EPSG:3857",
    )

    expected.sort(key=lambda e: e["path"])
    doc = {
        "about": "Bad files for the readiness lessons: the defect each carries and the finding "
        "codes a readiness check must raise (expect) or may also raise (may).",
        "codes": [
            "empty-file",
            "not-tabular",
            "encoding-not-utf8",
            "ragged-rows",
            "duplicate-column",
            "mixed-types",
            "invalid-date",
            "duplicate-rows",
            "missing-values",
            "invalid-municipality-code",
            "coordinates-outside-denmark",
            "personal-data-cpr",
            "personal-data-email",
            "personal-data-phone",
            "formula-injection",
            "schema-violation",
            "no-licence",
        ],
        "files": expected,
    }
    out.text(
        "bad/expected.yaml",
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100),
        format="yaml",
        rows=len(expected),
    )
