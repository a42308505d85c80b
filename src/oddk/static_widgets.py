"""Widgets that keep their first state on a static page.

A saved notebook holds no widget state (`oddk tidy` strips it), so on the kit's site a
widget would be an empty box. A `Snapshot` box carries, beside the live widget, an HTML
picture of what it shows when first drawn: JupyterLab and Voilà draw the live widget, and
the site (which has no kernel) draws the picture, with a line saying the controls work
when the notebook runs.

    >>> import ipywidgets as w
    >>> box = Snapshot([w.Dropdown(options=["Aarhus", "Odense"], description="Kommune"),
    ...                 w.HTML("<b>28</b> toiletter")], language="da")
    >>> "text/html" in box._repr_mimebundle_()
    True
    >>> print(snapshot_html(box.children[0]))
    <p><strong>Kommune</strong>: Aarhus</p>
"""

from __future__ import annotations

import html

import ipywidgets as widgets

NOTE = {
    "en": "On this page the controls show their first choice; they work when the notebook runs "
          "(in JupyterLab or on Binder).",
    "da": "På denne side viser vælgerne deres første valg; de virker, når notebooken kører "
          "(i JupyterLab eller på Binder).",
}


def snapshot_html(widget) -> str:
    """What `widget` shows now, as plain HTML: an HTML widget's content, a picker's label
    and choice, a box's children in order."""
    if isinstance(widget, widgets.HTML):
        return widget.value
    if isinstance(widget, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons,
                           widgets.Select)):
        label = html.escape(widget.description or "")
        chosen = html.escape(str(widget.label if widget.label is not None else ""))
        return f"<p><strong>{label}</strong>: {chosen}</p>" if label else f"<p>{chosen}</p>"
    if isinstance(widget, (widgets.Text, widgets.Textarea, widgets.IntText, widgets.FloatText)):
        return (f"<p><strong>{html.escape(widget.description or '')}</strong>: "
                f"{html.escape(str(widget.value))}</p>")
    if isinstance(widget, widgets.Box):
        direction = "row" if isinstance(widget, widgets.HBox) else "column"
        parts = "".join(f"<div style='flex:1;min-width:0'>{snapshot_html(c)}</div>"
                        for c in widget.children)
        return f"<div style='display:flex;flex-direction:{direction};gap:1em'>{parts}</div>"
    return ""


class Snapshot(widgets.VBox):
    """A VBox whose saved output also holds a picture of its first state (text/html), for
    pages without a kernel; `language` is the note's ("en" or "da")."""

    def __init__(self, children=(), language: str = "en", **kwargs):
        super().__init__(children, **kwargs)
        self.language = language if language in NOTE else "en"

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/html"] = (f'<div class="oddk-widget-snapshot">{snapshot_html(self)}'
                             f'<p><em>{html.escape(NOTE[self.language])}</em></p></div>')
        return data
