"""The mapping tool's widget: a choice per target field, a live preview of the standard
table, and validation messages, for notebook 04.

The logic is plain Python so that a test (or a script) can drive it without a browser:

    >>> m = Mapper(df, suggest_mapping(df, report, source=path))   # doctest: +SKIP
    >>> m.choose("beskrivels", "Type")        # what picking in the dropdown does
    >>> m.mapping, m.table, m.problems, m.errors
    >>> m.save(output_dir("04-standardise") / "mapping.yaml")
    >>> m.widget                              # the ipywidgets form, shown in a notebook
"""

from __future__ import annotations

import copy
import html

import pandas as pd

from oddk.standards.apply import MappingError, apply, source_columns
from oddk.standards.geofa import FIELDS, codes, columns_for, facility_types
from oddk.standards.mapping_file import save_mapping
from oddk.standards.set_aside import COLUMNS as SET_ASIDE
from oddk.standards.set_aside import set_aside
from oddk.standards.suggest import blank_column, field_spec
from oddk.standards.validate import check_table

EMPTY = "(empty)"
CONSTANT = "(constant)"
CRS_CHOICES = ["EPSG:25832", "EPSG:4326", "EPSG:3857"]


class Mapper:
    """A mapping being edited: `choose(field, column)`, `set_constant(field, value)`,
    `set_geometry(x, y, crs)`; after each change `table`, `problems`, `errors` and
    `messages` are fresh. `widget` is the ipywidgets form bound to the same state."""

    def __init__(self, df: pd.DataFrame, mapping: dict, preview_rows: int = 5):
        self.df = df
        self._mapping = copy.deepcopy(mapping)
        self._mapping.setdefault("fields", {})
        self.preview_rows = preview_rows
        self._widgets: dict = {}
        self._form = None
        self._busy = False
        self.refresh()

    # ------------------------------------------------------------------ state
    @property
    def mapping(self) -> dict:
        """The current mapping (a copy), with `unmapped` brought up to date."""
        m = copy.deepcopy(self._mapping)
        used = source_columns(m)
        m["unmapped"] = [c for c in self.df.columns if c not in used
                         and not blank_column(self.df, c)]
        return m

    def choose(self, field: str, column: str | None) -> None:
        """Take `field` from `column` (codes from its values), or leave it empty (None or
        '(empty)')."""
        if field not in FIELDS:
            raise ValueError(
                f"{field!r} is not a field of the standard; use set_geometry for x, y."
            )
        if column in (None, EMPTY):
            self._mapping["fields"].pop(field, None)
        elif column == CONSTANT:
            return
        else:
            if column not in self.df.columns:
                raise ValueError(f"The file has no column {column!r}.")
            self._mapping["fields"][field] = field_spec(self.df, column, field)
        self._sync(field)
        self.refresh()

    def set_constant(self, field: str, value) -> None:
        """Give `field` one value for every row (facil_ty_k 1012, the municipality's cvr_kode)."""
        self._mapping["fields"][field] = {
            "value": int(value) if str(value).isdigit() else value,
            "why": "chosen: the same value for every row",
        }
        self._sync(field)
        self.refresh()

    def set_geometry(self, x: str | None, y: str | None, crs: str,
                     column: str | None = None) -> None:
        """Take the geometry from x/y (lon/lat) columns, or from a `column` of WKT/GeoJSON
        (with x/y too for the rows that have them), in the system `crs`."""
        geo = {"crs": crs}
        if column not in (None, EMPTY):
            geo["column"] = column
        if x not in (None, EMPTY) and y not in (None, EMPTY):
            geo.update(x=x, y=y)
        old = self._mapping.get("geometry") or {}
        if "decimal" in old:
            geo["decimal"] = old["decimal"]
        self._mapping["geometry"] = geo
        self.refresh()

    def refresh(self) -> None:
        """Apply the mapping, check it against the standard and set aside what breaks it, as
        `oddk standardise` does: fills `table` (what would be written), `problems`, `errors`,
        `set_aside`, `changes` and `messages`."""
        standard = self._mapping.get("standard") or "geofa-facility"
        try:
            done = apply(self.df, self.mapping)
            self.problems, self.changes = done.problems, done.changes
            self.errors = check_table(done.table, standard)
            self.table, self.set_aside = set_aside(done.table, self.problems, self.errors,
                                                   standard)
            self.messages = self._messages()
        except MappingError as err:
            self.table = pd.DataFrame(columns=columns_for(standard))
            self.problems = pd.DataFrame(columns=["row", "field", "column", "value", "problem"])
            self.changes = pd.DataFrame(columns=["row", "field", "column", "value", "change"])
            self.errors = pd.DataFrame(columns=["row", "field", "value", "problem"])
            self.set_aside = pd.DataFrame(columns=SET_ASIDE)
            self.messages = [str(err)]
        self._show()

    def _messages(self) -> list[str]:
        out = []
        if self.set_aside.empty:
            n = len(self.table)
            out.append(f"All {n} rows convert and are valid against the standard." if n != 1
                       else "The one row converts and is valid against the standard.")
        else:
            out_rows = self.set_aside["action"] == "row left out"
            rows = self.set_aside.loc[out_rows, "row"].nunique()
            out.append(f"{len(self.table)} rows would be written; set aside: {rows} row(s) left "
                       f"out, {int((~out_rows).sum())} value(s) left empty.")
        for e in self.set_aside.head(10).itertuples():
            out.append(f"Row {e.row}, {e.field}: {e.reason} ({e.action})")
        for c in self.changes.head(5).itertuples():
            out.append(f"Row {c.row}, {c.field}: {c.change}")
        unmapped = self.mapping["unmapped"]
        if unmapped:
            out.append("Source columns that map to nothing: " + ", ".join(map(str, unmapped)))
        return out

    def save(self, path, force: bool = False):
        """Save the mapping as YAML (refuses to replace a file unless `force`)."""
        return save_mapping(self.mapping, path, force=force)

    # ------------------------------------------------------------------ widgets
    @property
    def widget(self):
        """The form: a dropdown per field, the geometry, a preview and messages."""
        if self._form is None:
            self._form = self._build()
            self._show()
        return self._form

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def _build(self):
        import ipywidgets as w

        columns = [str(c) for c in self.df.columns]
        rows = []
        for field in FIELDS:
            spec = self._mapping["fields"].get(field) or {}
            options = [EMPTY, *columns] + (
                [CONSTANT] if "value" in spec or field in ("facil_ty_k", "cvr_kode") else []
            )
            value = spec.get("column") or (CONSTANT if "value" in spec else EMPTY)
            dd = w.Dropdown(
                options=options,
                value=value,
                description=field,
                layout=w.Layout(width="360px"),
                style={"description_width": "90px"},
            )
            dd.observe(lambda change, f=field: self._on_pick(f, change["new"]), names="value")
            self._widgets[field] = dd
            extra = []
            if field in ("facil_ty_k", "cvr_kode"):
                if field == "facil_ty_k":
                    choices = [(f"{k} {v}", k) for k, v in facility_types().items()]
                    default = 1012
                else:
                    choices = [
                        (f"{row['navn']} ({k})", int(k)) for k, row in codes()["cvr_kode"].items()
                    ]
                    default = choices[0][1]
                const = w.Dropdown(
                    options=choices,
                    value=spec.get("value", default),
                    layout=w.Layout(width="300px"),
                )
                const.observe(
                    lambda change, f=field: self._on_constant(f, change["new"]), names="value"
                )
                self._widgets[f"{field}:value"] = const
                extra.append(const)
            rows.append(w.HBox([dd, *extra]))
        geo = self._mapping.get("geometry") or {}
        first, last = (columns[0], columns[-1]) if columns else (EMPTY, EMPTY)
        gx = w.Dropdown(
            options=[EMPTY, *columns],
            value=geo.get("x") or (EMPTY if geo.get("column") else first),
            description="x / lon",
            style={"description_width": "90px"},
        )
        gy = w.Dropdown(
            options=[EMPTY, *columns],
            value=geo.get("y") or (EMPTY if geo.get("column") else last),
            description="y / lat",
            style={"description_width": "90px"},
        )
        gcol = w.Dropdown(
            options=[EMPTY, *columns],
            value=geo.get("column") or EMPTY,
            description="or WKT",
            style={"description_width": "60px"},
        )
        system = geo.get("crs") or "EPSG:25832"
        crs = w.Dropdown(  # the three a Danish file mostly has, and the file's own
            options=CRS_CHOICES + ([system] if system not in CRS_CHOICES else []),
            value=system,
            description="system",
            style={"description_width": "60px"},
        )
        for dd in (gx, gy, gcol, crs):
            dd.observe(lambda _change: self._on_geometry(), names="value")
        self._widgets.update({"geometry:x": gx, "geometry:y": gy, "geometry:column": gcol,
                              "geometry:crs": crs})
        self._preview = w.HTML()
        self._notes = w.HTML()
        return w.VBox(
            [
                w.HTML("<b>Target field ← source column</b>"),
                *rows,
                w.HTML("<b>Geometry</b>"),
                w.HBox([gx, gy, gcol, crs]),
                w.HTML("<b>Preview</b>"),
                self._preview,
                w.HTML("<b>Messages</b>"),
                self._notes,
            ]
        )

    def _on_pick(self, field, value):
        if self._busy:
            return
        self.choose(field, value)

    def _on_constant(self, field, value):
        if self._busy:
            return
        self._widgets[field].value = CONSTANT if CONSTANT in self._widgets[field].options else EMPTY
        self.set_constant(field, value)

    def _on_geometry(self):
        if self._busy:
            return
        self.set_geometry(
            self._widgets["geometry:x"].value,
            self._widgets["geometry:y"].value,
            self._widgets["geometry:crs"].value,
            self._widgets["geometry:column"].value,
        )

    def _sync(self, field):
        """Keep a widget in step after a change made from Python."""
        dd = self._widgets.get(field)
        if dd is None:
            return
        spec = self._mapping["fields"].get(field) or {}
        value = spec.get("column") or (CONSTANT if "value" in spec else EMPTY)
        self._busy = True
        try:
            if value == CONSTANT and CONSTANT not in dd.options:
                dd.options = [*dd.options, CONSTANT]
            dd.value = value
        finally:
            self._busy = False

    def preview(self) -> pd.DataFrame:
        """The first rows of the standard table as text: empty cells blank, x/y in centimetres,
        an area's or a line's geometry as the start of its WKT."""
        head = self.table.head(self.preview_rows).astype(object)
        for axis in ("x", "y"):
            if axis in head.columns:
                head[axis] = [f"{v:.2f}" if pd.notna(v) else "" for v in head[axis]]
        if "geometri" in head.columns:
            head["geometri"] = [(g.wkt[:60] + "…") if g is not None and len(g.wkt) > 60 else
                                (g.wkt if g is not None else "") for g in head["geometri"]]
        return head.where(head.notna(), "")

    def _show(self):
        if self._form is None:
            return
        head = self.preview()
        self._preview.value = head.to_html(index=False) if len(head) else "<i>no rows</i>"
        self._notes.value = (
            "<ul>" + "".join(f"<li>{html.escape(m)}</li>" for m in self.messages) + "</ul>"
        )
