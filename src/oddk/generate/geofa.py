"""The GeoFA facility-point model (theme t_5800_fac_pkt) as far as the kit's answer keys use it.

Codes come from the public GeoFA data model, repository OpenFKG/fkg-postgresql
(lookup tables d_5800_facilitet, d_basis_handicapegnet, d_basis_ja_nej and
d_basis_ansvarlig_myndighed in src/050_coredata.sql and its upgrade scripts; 1351
Parkeringsplads was added for issue #93 there). Only the codes that the embedded
facility files need are listed; the full lists live in that repository.
"""

from __future__ import annotations

#: facil_ty_k: facility type (required in GeoFA).
FACILITY_TYPES = {
    1012: "Toilet",
    1031: "Legeplads",
    1041: "Naturlegeplads",
    1162: "Cykelparkering",
    1351: "Parkeringsplads",
}

#: handicap_k: d_basis_handicapegnet.
HANDICAP = {
    1: "Handicapegnet",
    2: "Delvist handicapegnet",
    3: "Ikke handicapegnet",
    4: "Handicapvenligt",
    8: "Andet",
    9: "Ukendt",
}

#: doegnaab_k, betaling_k (and other yes/no fields): d_basis_ja_nej.
JA_NEJ = {0: "Nej", 1: "Ja", 2: "Blandet", 3: "Ukendt"}

#: cvr_kode of the municipalities whose files the kit ships (d_basis_ansvarlig_myndighed).
CVR = {
    101: 64942212,  # Københavns Kommune
    151: 58271713,  # Ballerup Kommune
    461: 35209115,  # Odense Kommune
    751: 55133018,  # Aarhus Kommune
    851: 29189420,  # Aalborg Kommune
}

#: The answer key's columns: the GeoFA fields a municipal file can supply, then the
#: geometry as x/y in EPSG:25832 rounded to the centimetre.
KEY_COLUMNS = [
    "cvr_kode",
    "facil_ty_k",
    "navn",
    "beskrivels",
    "handicap_k",
    "doegnaab_k",
    "betaling_k",
    "antal_pl",
    "postnr",
    "link",
    "x",
    "y",
]

#: Fields GeoFA requires of every facility point that a municipal file can supply.
KEY_REQUIRED = ["cvr_kode", "facil_ty_k", "x", "y"]


def code_rows() -> list[list]:
    """The code lists above as rows (felt, kode, betydning) for datasets/facilities."""
    rows: list[list] = []
    for name, table in [
        ("facil_ty_k", FACILITY_TYPES),
        ("handicap_k", HANDICAP),
        ("doegnaab_k", JA_NEJ),
        ("betaling_k", JA_NEJ),
    ]:
        rows += [[name, code, text] for code, text in table.items()]
    return rows
