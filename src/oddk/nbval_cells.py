"""A pytest plugin (`-p oddk.nbval_cells`, set in pyproject.toml): nbval names a notebook's
code cells from 0 ('Cell 6' is the seventh); with this plugin they are named as the kit's
harness and JupyterLab name them: 'Cell 7' is the code cell with [7] beside it after Run All
(oddk.execute.code_cell_label), so a failure has one number everywhere."""

from __future__ import annotations

import nbval.plugin

_from_parent = nbval.plugin.IPyNbCell.from_parent.__func__


def _counting_from_one(cls, parent, *, name, cell_num, **kwargs):
    return _from_parent(cls, parent, name=f"Cell {cell_num + 1}", cell_num=cell_num + 1,
                        **kwargs)


nbval.plugin.IPyNbCell.from_parent = classmethod(_counting_from_one)
