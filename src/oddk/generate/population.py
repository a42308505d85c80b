"""Municipalities written the many ways Danish files write them, for the cleaning lesson
(synthetic amounts). The real population of the 98 municipalities is in datasets/real/
(Statistics Denmark, FOLK1A), copied as published.
"""

from __future__ import annotations

from oddk.generate.common import Output, rng

QUARTERS = [f"{y}K{q}" for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
BIG = {101: 6.0, 751: 4.0, 461: 3.0, 851: 3.0}


def build(out: Output, towns: dict) -> None:
    """The municipalities written in every form (the real population is in datasets/real)."""
    build_mixed(out, towns)


#: How Danish files name the same municipality: (kommunekode, the form written).
MIXED_FORMS = [
    (751, "751"),
    (751, "0751"),
    (751, "Århus"),
    (751, "Aarhus Kommune"),
    (751, "AARHUS"),
    (101, "101"),
    (101, "0101"),
    (101, "Københavns Kommune"),
    (101, "Copenhagen"),
    (810, "Brønderslev-Dronninglund"),
    (810, "0810"),
    (820, "Vesthimmerland"),
    (820, "Vesthimmerlands Kommune"),
    (851, "Ålborg"),
    (851, "851"),
    (461, "Odense"),
    (461, "0461 "),
    (773, "Mors"),
    (147, "Frederiksberg"),
    (400, "Bornholm"),
    (400, "Bornholms Regionskommune"),
    (860, "Hjørring  "),
    (411, "Christiansø"),
    (825, "Læsø"),
    (825, "0825"),
]
#: (region, the form written): region codes as DST (81-85), as CPR/GeoFA (1081-1085), ISO.
REGION_FORMS = {
    751: "82",
    101: "1084",
    810: "DK-81",
    820: "81",
    851: "1081",
    461: "DK-83",
    773: "1081",
    147: "84",
    400: "DK-84",
    860: "81",
    411: "",
    825: "1081",
}


def build_mixed(out: Output, towns: dict) -> None:
    """A small table whose municipality and region columns use every form Danish files use."""
    r = rng("population/mixed")
    rows = []
    for i, (kode, form) in enumerate(MIXED_FORMS, 1):
        amount = r.uniform(500, 250_000)
        rows.append(
            [
                f"{i},0",
                form,
                REGION_FORMS.get(kode, ""),
                f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", "."),
                kode,
            ]
        )
    header = ["loebenr", "kommune", "region", "tilskud_kr", "facit_kommunekode"]
    out.table(
        "population/kommuner-blandede-former-synthetic.csv",
        header,
        rows,
        sep=";",
        newline="\r\n",
        encoding="cp1252",
        decimal=",",
        thousands=".",
        shape="municipality and region named in mixed forms; facit_kommunekode is the answer",
    )
