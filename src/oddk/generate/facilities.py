"""Facility files in each municipality's own home-made shape, and their GeoFA answer keys.

Eight synthetic source files (public toilets from Aarhus, København, Aalborg and
Ballerup; playgrounds from Odense and Aarhus; parking from Odense and København)
imitate what Danish municipalities really publish: Danish, English and ESRI
10-character column names; UTF-8, UTF-8 with BOM and Windows-1252; `;` and `,`;
decimal commas; WGS84 lat/lon, EPSG:25832 x/y, GeoJSON, XLSX and a shapefile without
.prj; handicap access as Ja/Nej, 1/0, yes/no; free-text opening hours; empty values
as '', ' ', '0' and '-'.

Each source has an answer key in the GeoFA facility form (geofa.KEY_COLUMNS), derived
from the source's own values the way the standardisation lesson's mapping does it, so
that the key can always be reproduced from the file alone.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from oddk.generate import geofa
from oddk.generate.common import (
    Output,
    dec_comma,
    fix_dbf_date,
    point_near,
    rng,
    to_utm,
    to_wgs,
    xlsx_bytes,
)

#: Real postcodes of each municipality (drawn at random per point: they do not match
#: the point's location).
POSTCODES = {
    101: ["1050", "1150", "1360", "1620", "2100", "2200", "2300", "2400", "2450", "2500"],
    151: ["2750"],
    461: ["5000", "5200", "5210", "5220", "5230", "5240", "5250", "5260", "5270"],
    751: ["8000", "8200", "8210", "8220", "8230", "8240", "8260", "8270"],
    851: ["9000", "9200", "9210", "9220", "9230", "9400"],
}

#: Bearings (degrees from north) that keep points in coastal towns mostly on land.
SECTORS = {101: (170.0, 380.0), 751: (180.0, 380.0), 851: (80.0, 280.0)}

PLACES = [
    "Torvet",
    "Havnen",
    "Parken",
    "Stationen",
    "Skoven",
    "Søen",
    "Idrætsparken",
    "Biblioteket",
    "Rådhuset",
    "Kirkepladsen",
    "Busterminalen",
    "Lystbådehavnen",
    "Bypladsen",
    "Engen",
    "Mosen",
    "Bakken",
    "Åen",
    "Stranden",
    "Kulturhuset",
    "Svømmehallen",
    "Mindeparken",
    "Østervold",
    "Vestergade",
    "Søndre Allé",
    "Nørreport",
    "Grønningen",
    "Fælleden",
    "Løvparken",
    "Bøgeskoven",
    "Æblehaven",
]

HOURS_DA = {
    1: ["Døgnåben", "Hele døgnet", "Døgnåbent"],
    0: [
        "8-20",
        "Hverdage 7-18, weekend 10-16",
        "Sommer 8-22, vinter 9-16",
        "Følger bibliotekets åbningstid",
        "10-18",
    ],
}
HOURS_EN = {1: ["24/7"], 0: ["Mo-Fr 08:00-18:00", "Mo-Su 10:00-16:00", "Mo-Sa 07:00-22:00"]}
#: Opening-hour texts that mean "open around the clock" (doegnaab_k = 1).
ROUND_THE_CLOCK = {"døgnåben", "døgnåbent", "hele døgnet", "24/7", "24 timer"}

EMPTY = {"", " ", "0", "-"}


def _names(r: random.Random, town: str, word: str, n: int) -> list[str]:
    places = r.sample(PLACES, n) if n <= len(PLACES) else [r.choice(PLACES) for _ in range(n)]
    seen: dict[str, int] = {}
    names = []
    for p in places:
        base = f"{word} ved {p}, {town}" if word else f"{p}, {town}"
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base} {seen[base]}")
    return names


def _maybe(r: random.Random, p_none: float, value):
    return None if r.random() < p_none else value


def _hours(r: random.Random, lang: str, open_24: int | None) -> str:
    if open_24 is None:
        return ""
    return r.choice((HOURS_DA if lang == "da" else HOURS_EN)[open_24])


def _doegn_from_text(text: str):
    t = text.strip().lower()
    if t in EMPTY:
        return ""
    return 1 if t in ROUND_THE_CLOCK else 0


def _blank(v) -> str:
    """A source value as the key keeps it: trimmed, empty markers ('', ' ', '0', '-') empty."""
    s = "" if v is None else str(v).strip()
    return "" if s in EMPTY else s


def _xy_from_wgs(lon: float, lat: float) -> tuple[str, str]:
    x, y = to_utm(lon, lat)
    return f"{x:.2f}", f"{y:.2f}"


def _wgs_near(r: random.Random, town: dict, kode: int, decimals: int) -> tuple[float, float]:
    x, y = point_near(r, town, SECTORS.get(kode))
    lon, lat = to_wgs(x, y)
    return round(lon, decimals), round(lat, decimals)


def _key_row(kode: int, **v) -> list:
    v.setdefault("cvr_kode", geofa.CVR[kode])
    return ["" if v.get(c) is None else v.get(c, "") for c in geofa.KEY_COLUMNS]


def aarhus_toilets(out: Output, towns: dict) -> tuple[str, list]:
    """UTF-8 with BOM, ';', CRLF, Danish headers, WGS84 with decimal commas, Ja/Nej/Delvis."""
    kode, r = 751, rng("facilities/aarhus-toiletter")
    names = _names(r, "Aarhus", "Toilet", 28)
    header = [
        "Navn",
        "Type",
        "Handicapvenligt",
        "Åbningstider",
        "Betaling",
        "Postnr",
        "Breddegrad",
        "Længdegrad",
    ]
    rows, key = [], []
    handicap_words = {"Ja": 1, "Nej": 3, "Delvis": 2}
    for name in names:
        lon, lat = _wgs_near(r, towns[kode], kode, 6)
        typ = r.choice(["Offentligt toilet", "Offentligt toilet", "Handicaptoilet", "Pissoir"])
        hc = _maybe(r, 0.15, r.choice(["Ja", "Ja", "Nej", "Delvis"]))
        if typ == "Handicaptoilet":
            hc = "Ja"
        hours = _hours(r, "da", _maybe(r, 0.1, r.choice([0, 1])))
        pay = r.choice(["Nej", "Nej", "Nej", "Ja", " "])
        post = r.choice(POSTCODES[kode])
        rows.append([name, typ, hc or "", hours, pay, post, dec_comma(lat, 6), dec_comma(lon, 6)])
        x, y = _xy_from_wgs(lon, lat)
        key.append(
            _key_row(
                kode,
                facil_ty_k=1012,
                navn=name,
                beskrivels=typ,
                handicap_k=handicap_words.get(hc or ""),
                doegnaab_k=_doegn_from_text(hours),
                betaling_k={"Ja": 1, "Nej": 0}.get(pay.strip()),
                postnr=post,
                x=x,
                y=y,
            )
        )
    rel = "facilities/aarhus-toiletter-synthetic.csv"
    out.table(
        rel,
        header,
        rows,
        sep=";",
        newline="\r\n",
        bom=True,
        decimal=",",
        crs="EPSG:4326",
        coordinates={"lat": "Breddegrad", "lon": "Længdegrad"},
        kommunekode=kode,
        facility="toilet",
    )
    return rel, key


def kobenhavn_toilets(out: Output, towns: dict) -> tuple[str, list]:
    """GeoJSON (RFC 7946, WGS84), English property names, yes/no, OSM-style opening hours."""
    kode, r = 101, rng("facilities/kobenhavn-toiletter")
    names = _names(r, "København", "Toilet", 30)
    features, key = [], []
    for i, name in enumerate(names, 1):
        lon, lat = _wgs_near(r, towns[kode], kode, 7)
        wheel = _maybe(r, 0.2, r.choice(["yes", "yes", "no"]))
        hours = _hours(r, "en", _maybe(r, 0.1, r.choice([0, 1])))
        fee = r.choice(["no", "no", "yes"])
        post = r.choice(POSTCODES[kode])
        url = f"https://www.example.com/kk/toiletter/{i}"
        desc = r.choice(["", "Ved legepladsen", "I pavillonen", "Bag kiosken", "Med puslebord"])
        props = {
            "name": name,
            "description": desc or None,
            "category": "toilet",
            "wheelchair": wheel,
            "opening_hours": hours or None,
            "fee": fee,
            "postcode": post,
            "url": url,
        }
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
        x, y = _xy_from_wgs(lon, lat)
        key.append(
            _key_row(
                kode,
                facil_ty_k=1012,
                navn=name,
                beskrivels=desc,
                handicap_k={"yes": 1, "no": 3}.get(wheel or ""),
                doegnaab_k=_doegn_from_text(hours),
                betaling_k={"yes": 1, "no": 0}[fee],
                postnr=post,
                link=url,
                x=x,
                y=y,
            )
        )
    rel = "facilities/kobenhavn-toiletter-synthetic.geojson"
    doc = {"type": "FeatureCollection", "name": "toiletter", "features": features}
    out.text(
        rel,
        json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
        format="geojson",
        crs="EPSG:4326",
        rows=len(features),
        header=list(features[0]["properties"]),
        kommunekode=kode,
        facility="toilet",
    )
    return rel, key


def aalborg_toilets(out: Output, towns: dict) -> tuple[str, list]:
    """Windows-1252, ';', CRLF, ESRI 10-character upper-case fields, ids stored as floats,
    EPSG:25832 with decimal commas, 1/0 codes, ' ' and '0' as empty, trailing spaces."""
    kode, r = 851, rng("facilities/aalborg-toiletter")
    names = _names(r, "Aalborg", "Toilet", 25)
    header = [
        "OBJECTID",
        "NAVN",
        "BESKRIVELS",
        "HANDICAP",
        "DOEGNAABEN",
        "BETALING",
        "POSTNR",
        "X_KOORD",
        "Y_KOORD",
    ]
    rows, key = [], []
    for i, name in enumerate(names, 1):
        x, y = point_near(r, towns[kode], SECTORS[kode])
        shown_name = name + ("  " if r.random() < 0.3 else "")
        desc = r.choice(["", "Offentligt toilet", "Toilet i servicebygning", "Sæsonåbent toilet"])
        hc = r.choice(["1", "1", "0", " "])
        doegn = r.choice(["1", "0", "0", " "])
        pay = r.choice(["0", "0", "1"])
        post = r.choice(POSTCODES[kode] + ["0"])
        rows.append(
            [f"{i},0", shown_name, desc, hc, doegn, pay, post, dec_comma(x, 2), dec_comma(y, 2)]
        )
        key.append(
            _key_row(
                kode,
                facil_ty_k=1012,
                navn=name,
                beskrivels=desc,
                handicap_k={"1": 1, "0": 3}.get(hc.strip()),
                doegnaab_k=doegn.strip() or None,
                betaling_k=pay,
                postnr=_blank(post),
                x=f"{x:.2f}",
                y=f"{y:.2f}",
            )
        )
    rel = "facilities/aalborg-toiletter-synthetic.csv"
    out.table(
        rel,
        header,
        rows,
        sep=";",
        newline="\r\n",
        encoding="cp1252",
        decimal=",",
        crs="EPSG:25832",
        coordinates={"x": "X_KOORD", "y": "Y_KOORD"},
        kommunekode=kode,
        facility="toilet",
    )
    return rel, key


def ballerup_toilets(out: Output, towns: dict) -> tuple[str, list]:
    """UTF-8 without BOM, ',', LF, English headers, lat/lon, yes/no/'-', '-' as empty."""
    kode, r = 151, rng("facilities/ballerup-toiletter")
    names = _names(r, "Ballerup", "Toilet", 14)
    header = [
        "id",
        "name",
        "type",
        "accessible",
        "opening_hours",
        "paid",
        "postal_code",
        "lat",
        "lon",
    ]
    rows, key = [], []
    for i, name in enumerate(names, 101):
        lon, lat = _wgs_near(r, towns[kode], kode, 6)
        acc = r.choice(["yes", "no", "-"])
        hours = _hours(r, "da", r.choice([0, 1, None])) or "-"
        paid = r.choice(["no", "no", "-"])
        rows.append(
            [i, name, "public toilet", acc, hours, paid, "2750", f"{lat:.6f}", f"{lon:.6f}"]
        )
        x, y = _xy_from_wgs(lon, lat)
        key.append(
            _key_row(
                kode,
                facil_ty_k=1012,
                navn=name,
                beskrivels="",
                handicap_k={"yes": 1, "no": 3}.get(acc),
                doegnaab_k=_doegn_from_text(hours),
                betaling_k={"yes": 1, "no": 0}.get(paid),
                postnr="2750",
                x=x,
                y=y,
            )
        )
    rel = "facilities/ballerup-toiletter-synthetic.csv"
    out.table(
        rel,
        header,
        rows,
        crs="EPSG:4326",
        coordinates={"lat": "lat", "lon": "lon"},
        kommunekode=kode,
        facility="toilet",
    )
    return rel, key


def odense_playgrounds(out: Output, towns: dict) -> tuple[str, list]:
    """XLSX with a title row and a blank row above the header, EPSG:25832 x/y as numbers."""
    kode, r = 461, rng("facilities/odense-legepladser")
    names = _names(r, "Odense", "Legeplads", 22)
    header = ["Nr", "Navn", "Type", "Beskrivelse", "Handicapegnet", "Postnummer", "X", "Y"]
    rows, key = [], []
    for i, name in enumerate(names, 1):
        x, y = point_near(r, towns[kode])
        typ = r.choice(["Legeplads", "Legeplads", "Naturlegeplads"])
        desc = r.choice(
            [
                "Gynger og sandkasse",
                "Klatrestativ",
                "Til de mindste",
                None,
                "Bålsted og balancebomme",
            ]
        )
        hc = r.choice(["Ja", "Nej", "Delvist", None])
        post = int(r.choice(POSTCODES[kode]))
        rows.append([i, name, typ, desc, hc, post, x, y])
        key.append(
            _key_row(
                kode,
                facil_ty_k=1031 if typ == "Legeplads" else 1041,
                navn=name,
                beskrivels=desc,
                handicap_k={"Ja": 1, "Nej": 3, "Delvist": 2}.get(hc or ""),
                postnr=post,
                x=f"{x:.2f}",
                y=f"{y:.2f}",
            )
        )
    title = [["Legepladser i Odense Kommune (syntetiske data, oddk-kit)"], []]
    rel = "facilities/odense-legepladser-synthetic.xlsx"
    out.binary(
        rel,
        xlsx_bytes([("Legepladser", title + [header] + rows)]),
        format="xlsx",
        sheets=["Legepladser"],
        header=header,
        header_row=3,
        rows=len(rows),
        crs="EPSG:25832",
        coordinates={"x": "X", "y": "Y"},
        kommunekode=kode,
        facility="playground",
    )
    return rel, key


def aarhus_playgrounds(out: Output, towns: dict) -> tuple[str, list]:
    """GeoJSON with Danish property names and JSON booleans for handicap access."""
    kode, r = 751, rng("facilities/aarhus-legepladser")
    names = _names(r, "Aarhus", "Legeplads", 26)
    features, key = [], []
    for name in names:
        lon, lat = _wgs_near(r, towns[kode], kode, 7)
        typ = r.choice(["Legeplads", "Legeplads", "Naturlegeplads"])
        hc = r.choice([True, False, None])
        post = int(r.choice(POSTCODES[kode]))
        props = {"navn": name, "type": typ, "handicapvenlig": hc, "postnr": post}
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
        x, y = _xy_from_wgs(lon, lat)
        key.append(
            _key_row(
                kode,
                facil_ty_k=1031 if typ == "Legeplads" else 1041,
                navn=name,
                handicap_k={True: 1, False: 3}.get(hc),
                postnr=post,
                x=x,
                y=y,
            )
        )
    rel = "facilities/aarhus-legepladser-synthetic.geojson"
    doc = {"type": "FeatureCollection", "features": features}
    out.text(
        rel,
        json.dumps(doc, ensure_ascii=False) + "\n",
        format="geojson",
        crs="EPSG:4326",
        rows=len(features),
        header=list(features[0]["properties"]),
        kommunekode=kode,
        facility="playground",
    )
    return rel, key


def odense_parking(out: Output, towns: dict) -> tuple[str, list]:
    """ESRI shapefile, PointZ with Z = -999, no .prj (EPSG:25832 by the card only), DBF in
    Windows-1252 with upper-case names; 'J'/'N' for payment."""
    import shapefile

    kode, r = 461, rng("facilities/odense-parkering")
    names = _names(r, "Odense", "P-plads", 18)
    recs, key = [], []
    for name in names:
        x, y = point_near(r, towns[kode])
        typ = r.choice(["P-plads", "P-plads", "P-hus", "Cykelparkering"])
        spaces = r.randint(20, 150) if typ != "P-hus" else r.randint(300, 1200)
        pay = r.choice(["J", "N", "N"])
        post = r.choice(POSTCODES[kode])
        recs.append((x, y, [name, typ, spaces, pay, post]))
        key.append(
            _key_row(
                kode,
                facil_ty_k=1162 if typ == "Cykelparkering" else 1351,
                navn=name,
                beskrivels=typ,
                betaling_k={"J": 1, "N": 0}[pay],
                antal_pl=spaces,
                postnr=post,
                x=f"{x:.2f}",
                y=f"{y:.2f}",
            )
        )
    stem = "facilities/odense-parkering-synthetic"
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "p"
        w = shapefile.Writer(str(base), shapeType=shapefile.POINTZ, encoding="cp1252")
        w.field("NAVN", "C", 60)
        w.field("TYPE", "C", 20)
        w.field("PLADSER", "N", 6, 0)
        w.field("BETALING", "C", 1)
        w.field("POSTNR", "C", 4)
        for x, y, rec in recs:
            w.pointz(x, y, -999.0)
            w.record(*rec)
        w.close()
        fix_dbf_date(base.with_suffix(".dbf"))
        for ext in ["shp", "shx", "dbf"]:
            data = base.with_suffix("." + ext).read_bytes()
            meta = {"format": "shapefile-" + ext}
            if ext == "shp":
                meta.update(
                    crs="EPSG:25832 (no .prj)",
                    rows=len(recs),
                    encoding="cp1252",
                    header=["NAVN", "TYPE", "PLADSER", "BETALING", "POSTNR"],
                    kommunekode=kode,
                    facility="parking",
                )
            out.binary(f"{stem}.{ext}", data, **meta)
    return f"{stem}.shp", key


def kobenhavn_parking(out: Output, towns: dict) -> tuple[str, list]:
    """UTF-8, ',' with quoted numbers that use a thousands separator ("1.250"), x/y in
    EPSG:25832, payment as zone words (Rød, Grøn, Blå, Gratis)."""
    kode, r = 101, rng("facilities/kobenhavn-parkering")
    names = _names(r, "København", "", 24)
    header = [
        "Parkeringsnavn",
        "Kategori",
        "Antal pladser",
        "Betalingszone",
        "Postnummer",
        "x",
        "y",
    ]
    rows, key = [], []
    for name in names:
        x, y = point_near(r, towns[kode], SECTORS[kode])
        cat = r.choice(["Bil", "Bil", "Cykel"])
        spaces = r.randint(10, 400) if r.random() < 0.8 else r.randint(1000, 2500)
        zone = r.choice(["Rød", "Grøn", "Blå", "Gratis"])
        post = r.choice(POSTCODES[kode])
        shown = f"{spaces:,}".replace(",", ".")
        rows.append(
            [
                f"{'Cykelparkering' if cat == 'Cykel' else 'Parkering'} {name}",
                cat,
                shown,
                zone,
                post,
                f"{x:.2f}",
                f"{y:.2f}",
            ]
        )
        key.append(
            _key_row(
                kode,
                facil_ty_k=1162 if cat == "Cykel" else 1351,
                navn=rows[-1][0],
                betaling_k=0 if zone == "Gratis" else 1,
                antal_pl=spaces,
                postnr=post,
                x=f"{x:.2f}",
                y=f"{y:.2f}",
            )
        )
    rel = "facilities/kobenhavn-parkering-synthetic.csv"
    out.table(
        rel,
        header,
        rows,
        crs="EPSG:25832",
        coordinates={"x": "x", "y": "y"},
        kommunekode=kode,
        facility="parking",
        thousands=".",
    )
    return rel, key


SOURCES = [
    aarhus_toilets,
    kobenhavn_toilets,
    aalborg_toilets,
    ballerup_toilets,
    odense_playgrounds,
    aarhus_playgrounds,
    odense_parking,
    kobenhavn_parking,
]


def build(out: Output, towns: dict) -> None:
    """Write every source file, its answer key and the GeoFA code list."""
    out.table("facilities/geofa-koder.csv", ["felt", "kode", "betydning"], geofa.code_rows())
    for make in SOURCES:
        rel, key = make(out, towns)
        stem = Path(rel).stem
        out.table(
            f"facilities/answer-key/{stem}.csv",
            geofa.KEY_COLUMNS,
            key,
            crs="EPSG:25832",
            coordinates={"x": "x", "y": "y"},
            source=rel,
            kommunekode=next(e["kommunekode"] for e in out.entries if e["path"] == rel),
        )
        out.text(
            f"facilities/answer-key/{stem}.geojson",
            json.dumps(key_geojson(key), ensure_ascii=False) + "\n",
            format="geojson",
            crs="EPSG:4326",
            rows=len(key),
            header=[c for c in geofa.KEY_COLUMNS if c not in ("x", "y")],
            source=rel,
        )


def key_geojson(key: list[list]) -> dict:
    """The answer key as GeoJSON (RFC 7946): WGS84 lon/lat rounded to 7 decimals from the
    key's EPSG:25832 x/y; codes as integers, empty fields as null."""
    ints = {"cvr_kode", "facil_ty_k", "handicap_k", "doegnaab_k", "betaling_k", "antal_pl"}
    features = []
    for row in key:
        rec = dict(zip(geofa.KEY_COLUMNS, row, strict=True))
        lon, lat = to_wgs(float(rec.pop("x")), float(rec.pop("y")))
        props = {
            k: (None if v in ("", None) else int(v) if k in ints else str(v))
            for k, v in rec.items()
        }
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
            }
        )
    return {"type": "FeatureCollection", "features": features}
