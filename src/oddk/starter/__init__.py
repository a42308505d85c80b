"""Starter notebooks: one per dataset, ready to run and share, for hackathons, data drinks
and dialogue meetings with businesses (`oddk starter DATASET --out DIR`, `--all`).

Each notebook says what the dataset is in plain words (publisher, description, update
frequency, contact), its licence and the attribution line to copy; reads the file through
`oddk.read` (CSV in any Danish shape, Excel, GeoJSON, shapefiles), prints what it detected
(encoding, separator, decimal mark, coordinate system), and takes a first look: size,
columns and types, empty cells, a map when it has coordinates (offline too), a time plot
when it has dates, a few rows; the DataStore call when the resource is in the DataStore;
what matters to a re-user (stars, known problems); and where to continue in the kit.
A service (WMS, WFS) gets a notebook that shows its address and how to open it; a resource
without a licence gets one that says first: ask the publisher before reuse.

    >>> from oddk import catalogue
    >>> nb = starter_notebook(catalogue.connect(), "offentlige-toiletter-aalborg")
    >>> nb.cells[1].metadata["tags"], "read_table" in nb.cells[3].source
    (['parameters'], True)
"""

from oddk.starter.build import READABLE, pick_resource, starter_notebook
from oddk.starter.index import write_all, write_one

__all__ = ["READABLE", "pick_resource", "starter_notebook", "write_all", "write_one"]
