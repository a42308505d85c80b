"""The GeoFA facility-point model (theme t_5800_fac_pkt) as far as the kit's answer keys use it.

The code lists are GeoFA's (`oddk.vocab.geofa_codes()`, from the public data model,
repository OpenFKG/fkg-postgresql: lookup tables d_5800_facilitet, d_basis_handicapegnet,
d_basis_ja_nej and d_basis_ansvarlig_myndighed). This module only chooses which codes the
embedded facility files use; names and numbers come from the vocabulary.
"""

from __future__ import annotations

from oddk.vocab import geofa_code_list, geofa_codes

#: The facility types (facil_ty_k, required in GeoFA) the embedded files hold.
FACILITY_CODES = (1012, 1031, 1041, 1162, 1351)
#: The municipalities whose files the kit ships (kommunekode).
MUNICIPALITIES = (101, 151, 461, 751, 851)

#: facil_ty_k → Danish name, for the embedded files' facility types.
FACILITY_TYPES = {code: geofa_code_list("facil_ty_k")[code] for code in FACILITY_CODES}

#: handicap_k: d_basis_handicapegnet.
HANDICAP = geofa_code_list("handicap_k")

#: doegnaab_k, betaling_k (and other yes/no fields): d_basis_ja_nej.
JA_NEJ = geofa_code_list("ja_nej")

#: kommunekode → cvr_kode of the municipalities whose files the kit ships
#: (d_basis_ansvarlig_myndighed): 751 → 55133018 (Aarhus Kommune).
_BY_KOMMUNEKODE = {
    row["kommunekode"]: int(cvr) for cvr, row in geofa_codes()["cvr_kode"].items() if row["kommunekode"]
}
CVR = {kode: _BY_KOMMUNEKODE[kode] for kode in MUNICIPALITIES}

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
