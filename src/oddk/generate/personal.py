"""Personal data written the way municipal staff write it, and its look-alikes, for the
readiness check's tests (datasets/personal/, expected.yaml says which is which).

Every CPR-like number is fictitious by construction: born in 2057 under CPR's century rule
(a valid date, a 7th digit of 5-8), so nobody has it; e-mail addresses use example.com
(RFC 2606); phone numbers start with 1 after +45, which no Danish subscriber number does.
The look-alikes are what real files hold that a careless check takes for personal data:
coordinates with many decimals, WKT, ids, EAN and CVR numbers, P-numbers, dates, unix
timestamps, an organisation's switchboard and mailboxes, authorities' names.
"""

from __future__ import annotations

import json
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from oddk.generate.bad import FIRST, LAST, fake_cpr, fake_phone
from oddk.generate.common import Output, csv_text, fix_dbf_date, rng, to_wgs, xlsx_bytes
from oddk.vocab import fold

FOLDER = "personal"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _cpr_parts(r: random.Random) -> tuple[str, str]:
    """(ddmmyy, serial) of a fictitious CPR number."""
    cpr = fake_cpr(r, hyphen=False)
    return cpr[:6], cpr[6:]


def _person(r: random.Random) -> tuple[str, str]:
    return r.choice(FIRST), r.choice(LAST)


def build(out: Output, towns: dict) -> None:
    r = rng(FOLDER)
    expected: list[dict] = []

    def note(rel, what, planted=(), personal=True, codes=()):
        expected.append({"path": f"{FOLDER}/{rel}", "personal": personal, "what": what,
                         "codes": list(codes), "planted": list(planted)})

    def table(rel, header, rows, **kw):
        out.table(f"{FOLDER}/{rel}", header, rows, sep=kw.pop("sep", ";"), **kw)

    # ------------------------------------------------------------------ CPR, every way
    ways = {  # file name: (how it is written, the writing)
        "mellemrum": ("with a space", lambda d, s: f"{d} {s}"),
        "tankestreg": ("with an en dash", lambda d, s: f"{d}\u2013{s}"),
        "lang-tankestreg": ("with an em dash", lambda d, s: f"{d}\u2014{s}"),
        "skraastreg": ("with a slash", lambda d, s: f"{d}/{s}"),
        "punktummer": ("with dots in the date", lambda d, s: f"{d[:2]}.{d[2:4]}.{d[4:]}-{s}"),
        "uden-skilletegn": ("with no separator", lambda d, s: d + s),
    }
    for way, (how, write) in ways.items():
        rows, planted = [], []
        for i in range(1, 9):
            d, s = _cpr_parts(r)
            value = write(d, s)
            planted.append(value)
            rows.append([f"SAG-2024-{100 + i}", " ".join(_person(r)), value])
        table(f"cpr-{way}-synthetic.csv", ["sagsnr", "borger", "cpr"], rows)
        note(f"cpr-{way}-synthetic.csv", f"CPR numbers written {how}, in a column named cpr "
             "beside citizens' names", planted, codes=["personal-data-cpr"])

    rows, planted = [], []
    for i in range(1, 9):
        d, s = _cpr_parts(r)
        text = r.choice([f"Cpr-nr. {d}\u2013{s} ringede", f"Borger ({d[:2]}.{d[2:4]}.{d[4:]}-{s}) "
                         "klager over støj", f"Se sag, cpr {d}/{s}", f"Henvendelse fra {d} {s}"])
        planted.append(text)
        rows.append([f"J.nr. 2024-{200 + i}", text])
    table("cpr-i-fritekst-synthetic.csv", ["journalnr", "bemaerkning"], rows)
    note("cpr-i-fritekst-synthetic.csv", "CPR numbers inside free text, with an en dash, dots, "
         "a slash and a space", [_only_cpr(t) for t in planted], codes=["personal-data-cpr"])

    refs = [f"SAG-2024-{300 + i}" for i in range(14)] + [f"J.nr. 24/{4100 + i}" for i in range(4)]
    bare = [fake_cpr(r, hyphen=False) for _ in range(2)]
    refs[5], refs[12] = bare
    table("cpr-blandt-referencer-synthetic.csv", ["reference", "emne"],
          [[ref, r.choice(["Vej", "Park", "Affald"])] for ref in refs])
    note("cpr-blandt-referencer-synthetic.csv", "two bare ten-digit CPR numbers in a column of "
         "other references", bare, codes=["personal-data-cpr"])

    d, s = _cpr_parts(r)
    header_cpr = f"{d}-{s}"
    text = csv_text(["adresse", header_cpr, "antal"],
                    [[f"Torvet {i}", "", i] for i in range(1, 6)], sep=";")
    out.text(f"{FOLDER}/cpr-som-kolonnenavn-synthetic.csv", text, format="csv", separator=";",
             decimal=".", line_ending="LF", header=["adresse", header_cpr, "antal"],
             header_row=1, rows=5)
    note("cpr-som-kolonnenavn-synthetic.csv", "a CPR number used as a column name", [header_cpr],
         codes=["personal-data-cpr"])

    rows, planted = [], []
    for i in range(1, 7):
        cpr = fake_cpr(r)
        planted.append(cpr)
        rows.append([f"{' '.join(_person(r))}", cpr, f"2024-0{i % 9 + 1}-15"])
    cover = [["Tilsyn med legepladser 2024 (syntetiske data, oddk-kit)"], []]
    data = [["legeplads", "tilsyn"], ["Legeplads ved Søen", "2024-05-01"],
            ["Legeplads ved Havnen", "2024-05-03"]]
    out.binary(f"{FOLDER}/cpr-paa-andet-ark-synthetic.xlsx",
               xlsx_bytes([("Tilsyn", data), ("Kontakter", [["navn", "cpr", "dato"], *rows]),
                           ("Forside", cover)]),
               format="xlsx", sheets=["Tilsyn", "Kontakter", "Forside"])
    note("cpr-paa-andet-ark-synthetic.xlsx", "CPR numbers on the second sheet of a workbook",
         planted, codes=["personal-data-cpr"])

    d, s = _cpr_parts(r)
    name_cpr = f"{d}-{s}"
    table(f"klage-{name_cpr}-synthetic.csv", ["emne", "dato"],
          [["Støj fra byggeplads", "2024-05-02"], ["Parkering", "2024-05-04"]])
    note(f"klage-{name_cpr}-synthetic.csv", "a CPR number in the file's name", [name_cpr],
         codes=["personal-data-cpr"])

    # GeoJSON properties and shapefile attributes, in Windows-1252 too
    feats, planted = [], []
    for i in range(6):
        cpr = fake_cpr(r)
        planted.append(cpr)
        x, y = 575000 + r.randint(-3000, 3000), 6225000 + r.randint(-3000, 3000)
        lon, lat = to_wgs(x, y)
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [
            round(lon, 7), round(lat, 7)]}, "properties": {
            "adresse": f"Søndergade {i + 1}", "beboer_cpr": cpr}})
    out.text(f"{FOLDER}/cpr-i-geojson-synthetic.geojson",
             json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False,
                        indent=1) + "\n", format="geojson", crs="EPSG:4326", rows=len(feats))
    note("cpr-i-geojson-synthetic.geojson", "CPR numbers in GeoJSON properties", planted,
         codes=["personal-data-cpr"])
    _shapefile(out, r, expected)

    rows, planted = [], []
    for _ in range(6):
        first, last = _person(r)
        cpr = fake_cpr(r)
        planted.append(cpr)
        rows.append([f"{first} {last}", f"Skal kontaktes; cpr {cpr}"])
    out.table(f"{FOLDER}/cpr-latin1-synthetic.csv", ["beboer", "note"], rows, sep=";",
              encoding="cp1252")
    note("cpr-latin1-synthetic.csv", "CPR numbers in a Windows-1252 file", planted,
         codes=["personal-data-cpr"])

    cpr = fake_cpr(r, hyphen=False)
    table("borgere-synthetic.csv", ["fornavn", "efternavn", "id_nr", "bydel"],
          [[*_person(r), cpr, "Midtbyen"], [*_person(r), "", "Vest"]])
    note("borgere-synthetic.csv", "one bare ten-digit CPR number in a table about citizens",
         [cpr], codes=["personal-data-cpr"])

    # ------------------------------------------------------------------ staff, e-mail, phone
    users = [f"ADM\\{''.join(r.choice(LETTERS) for _ in range(4))}{r.randint(10, 99)}"
             for _ in range(8)]
    table("fkg-udtraek-synthetic.csv", ["objekt_id", "navn", "oprettet_af", "rettet_af"],
          [[f"{{{i:08d}-0000-4000-8000-000000000000}}", f"Bænk {i}", u, users[-1 - i]]
           for i, u in enumerate(users)])
    note("fkg-udtraek-synthetic.csv", "staff user ids in oprettet_af and rettet_af, as FKG "
         "exports carry them", users, codes=["personal-data-user-id"])

    mails = [f"{fold(first)}.{fold(last)}@example.com" for first, last in
             (_person(r) for _ in range(6))]
    phones = [fake_phone(r) for _ in range(6)]
    table("kontaktpersoner-synthetic.csv", ["facilitet", "kontakt_email", "mobil"],
          [[f"Legeplads {i}", m, p] for i, (m, p) in enumerate(zip(mails, phones, strict=True))])
    note("kontaktpersoner-synthetic.csv", "persons' e-mail addresses and mobile numbers",
         mails + phones, codes=["personal-data-email", "personal-data-phone"])

    # ------------------------------------------------------------------ look-alikes
    def alike(rel, header, rows, what, **kw):
        table(rel, header, rows, **kw)
        note(rel, what, personal=False)

    pts = [to_wgs(575000 + r.uniform(-9000, 9000), 6225000 + r.uniform(-9000, 9000))
           for _ in range(12)]
    alike("koordinater-synthetic.csv", ["navn", "lat", "lon", "x", "y"],
          [[f"Punkt {i}", f"{lat:.10f}", f"{lon:.10f}", f"{575000 + i * 1234.5678:.4f}",
            f"{6225000 + i * 987.654:.4f}"] for i, (lon, lat) in enumerate(pts)],
          "coordinates with ten decimals (their digits look like CPR numbers)")
    alike("wkt-synthetic.csv", ["id", "navn", "geometri"],
          [[i, f"Sti {i}", f"POINT ({lon:.10f} {lat:.10f})" if i % 2 else
            f"LINESTRING ({lon:.10f} {lat:.10f}, {lon + 0.001:.10f} {lat + 0.0012:.10f})"]
           for i, (lon, lat) in enumerate(pts)],
          "geometry written as WKT with many decimals")
    alike("id-numre-synthetic.csv", ["objektid", "ean", "cvr", "p_nummer", "navn"],
          [[str(r.randint(10**9, 10**10 - 1)), str(5700000000000 + r.randint(0, 10**9)),
            str(r.randint(10**7, 10**8 - 1)), str(1000000000 + r.randint(0, 30000000)),
            f"Anlæg {i}"] for i in range(40)],
          "ten-digit ids, EAN-13, CVR and P-numbers")
    start = datetime(2024, 3, 1, tzinfo=UTC)
    alike("datoer-og-tider-synthetic.csv", ["dato", "dato_dk", "kort_dato", "unix_tid",
                                            "tidspunkt"],
          [[(start + timedelta(days=i)).date().isoformat(),
            (start + timedelta(days=i)).strftime("%d.%m.%Y"),
            (start + timedelta(days=i)).strftime("%d%m%y"),
            str(int((start + timedelta(hours=7 * i)).timestamp())),
            (start + timedelta(minutes=97 * i)).strftime("%Y-%m-%d %H:%M:%S")]
           for i in range(30)],
          "dates in several forms and unix timestamps (ten digits)")
    alike("hovednumre-synthetic.csv", ["sted", "kontakt"],
          [["Borgerservice", "Borgerservice, +45 11 40 20 00"],
           ["Rådhuset", "Hovednummer +45 11 40 20 01"],
           ["Hansens Bageri ApS", "Tlf. 11 22 33 44"],
           ["Teknik og Miljø", "teknik@odense.example.dk"],
           ["Biblioteket", "info@bibliotek.example.dk, 11 40 20 02"]],
          "an organisation's switchboard, phone numbers and shared mailboxes")
    alike("myndigheder-synthetic.csv", ["anlaeg", "ejer", "ansvarlig"],
          [["Legeplads ved Søen", "Københavns Kommune", "Teknik- og Miljøforvaltningen"],
           ["Toilet ved Havnen", "Region Hovedstaden", "Vej og Park"],
           ["P-plads ved Torvet", "Hansens Bageri ApS", "Parkering"],
           ["Shelter i Skoven", "Naturstyrelsen", "Skovfoged-distriktet"],
           ["Bænk ved Åen", "Grundejerforeningen Åbrinken", "Bestyrelsen"]],
          "authorities' and businesses' names in an owner column")
    out.text(f"{FOLDER}/expected.yaml", yaml.safe_dump(
        {"about": "Personal data written the way staff write it (personal: true: the check must "
                  "block, and no output may show a planted value in full) and its look-alikes "
                  "(personal: false: no personal-data blocker). All synthetic: every CPR-like "
                  "number is born in 2057.",
         "files": expected}, allow_unicode=True, sort_keys=False, width=100), format="yaml")


def _only_cpr(text: str) -> str:
    from oddk.personal import cpr_matches

    return cpr_matches(text)[0].group(0)


def _shapefile(out: Output, r: random.Random, expected: list) -> None:
    """A point shapefile whose .dbf (Windows-1252) has an attribute of CPR numbers."""
    import shapefile

    planted, stem = [], f"{FOLDER}/cpr-i-shapefil-synthetic"
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "p"
        w = shapefile.Writer(str(base), shapeType=shapefile.POINT, encoding="cp1252")
        w.field("ADRESSE", "C", 40)
        w.field("EJER_CPR", "C", 11)
        for i in range(6):
            cpr = fake_cpr(r)
            planted.append(cpr)
            w.point(575000 + r.randint(-2000, 2000), 6225000 + r.randint(-2000, 2000))
            w.record(f"Østergade {i + 2}", cpr)
        w.close()
        fix_dbf_date(base.with_suffix(".dbf"))
        for ext in ("shp", "shx", "dbf"):
            meta = {"format": "shapefile-" + ext}
            if ext == "shp":
                meta.update(rows=6, encoding="cp1252")
            out.binary(f"{stem}.{ext}", base.with_suffix("." + ext).read_bytes(), **meta)
    expected.append({"path": f"{stem}.shp", "personal": True, "what": "CPR numbers in a "
                     "shapefile's attributes (Windows-1252 .dbf)", "codes": ["personal-data-cpr"],
                     "planted": planted})
