"""The metadata form's widgets in "Check my file" (the words and the checking are in
oddk.metadata_form): fields in the page's language, the live check under them, the
description to download (YAML, and DCAT-AP-DK once complete), and a button that checks
the file again with the description."""

from __future__ import annotations

import base64
import html

from oddk import metadata_form as mf

_WIDE = {"description_width": "20em"}


def download(label: str, filename: str, mime: str, data: bytes) -> dict:
    """A file to offer on the page: {"label", "filename", "mime", "data"} (bytes in memory)."""
    return {"label": label, "filename": filename, "mime": mime, "data": data}


def data_link(item: dict, language: str = "en") -> str:
    """An <a download> link whose address holds the file itself (no file server needed)."""
    encoded = base64.b64encode(item["data"]).decode("ascii")
    from oddk.lesson_words import number

    size = number(len(item["data"]), language)  # 1,825 or 1.825 bytes
    return (
        f'<a download="{html.escape(item["filename"])}" '
        'style="color:#0b5cad;text-decoration:underline" '
        f'href="data:{item["mime"]};base64,{encoded}">{html.escape(item["label"])}</a>'
        f" <small>({html.escape(item['filename'])}, {size} bytes)</small>"
    )


class MetadataFormWidget:
    """`.widget` shows the form; `on_check(values)` runs when the user asks to check the file
    again with the description. `file_name` is the checked file (the record's distribution)."""

    def __init__(self, language: str = "en", on_check=None):
        import ipywidgets as w

        self.language = language
        self.on_check = on_check
        self.file_name: str | None = None
        layout = w.Layout(width="50em")
        self.heading = w.HTML()
        self.title = w.Text(style=_WIDE, layout=layout)
        self.description = w.Textarea(style=_WIDE, layout=w.Layout(width="50em", height="6em"))
        self.publisher = w.Dropdown(style=_WIDE, layout=layout)
        self.contact_name = w.Text(style=_WIDE, layout=layout)
        self.contact_email = w.Text(style=_WIDE, layout=layout)
        self.licence = w.Dropdown(style=_WIDE, layout=layout)
        self.licence_help = w.HTML()
        self.frequency = w.Dropdown(style=_WIDE, layout=layout)
        self.themes_label = w.HTML()
        self.themes = {code: w.Checkbox(indent=False, layout=w.Layout(width="27em"))
                       for code in mf.vocab.THEMES}
        self.keywords = w.Text(style=_WIDE, layout=layout)
        self.problems = w.HTML()
        self.downloads = w.HTML()
        self.again = w.Button(layout=w.Layout(width="auto", align_self="flex-start"),
                              button_style="primary")
        self.again.on_click(lambda _: self.on_check and self.on_check(self.values()))
        self._filling = False
        self.set_language(language)
        for field in (self.title, self.description, self.publisher, self.contact_name,
                      self.contact_email, self.licence, self.frequency, self.keywords,
                      *self.themes.values()):
            field.observe(lambda _: self.refresh(), names="value")
        themes = w.GridBox(list(self.themes.values()),
                           layout=w.Layout(grid_template_columns="repeat(2, 28em)"))
        self.widget = w.VBox([
            self.heading, self.title, self.description, self.publisher, self.contact_name,
            self.contact_email, self.licence, self.licence_help, self.frequency,
            self.themes_label, themes, self.keywords, self.problems, self.again,
            self.downloads])
        self.widget.add_class("oddk-form")
        self.refresh()

    def values(self) -> dict:
        return {"title": self.title.value, "description": self.description.value,
                "publisher": self.publisher.value, "contact_name": self.contact_name.value,
                "contact_email": self.contact_email.value, "licence": self.licence.value,
                "frequency": self.frequency.value,
                "themes": [c for c, box in self.themes.items() if box.value],
                "keywords": self.keywords.value}

    def new_file(self) -> None:
        """Empty what belongs to one dataset (title, description, frequency, themes, keywords);
        who publishes, the contact and the licence stay, as they are often the same."""
        self._filling = True
        try:
            self.title.value = self.description.value = self.keywords.value = ""
            self.frequency.value = ""
            for box in self.themes.values():
                box.value = False
        finally:
            self._filling = False
        self.refresh()

    def set_language(self, language: str) -> None:
        """Every label and choice in `language`; what the user chose stays chosen."""
        self.language = language
        labels, words = mf.LABELS[language], mf.WORDS[language]
        self._filling = True
        try:
            for name in ("title", "description", "publisher", "contact_name", "contact_email",
                         "licence", "frequency", "keywords"):
                getattr(self, name).description = labels[name]
            chosen = (self.publisher.value, self.licence.value, self.frequency.value)
            self.publisher.options = [(labels["choose"], "")] + list(mf.publishers())
            self.licence.options = mf.licence_options(language)
            self.frequency.options = mf.frequency_options(language)
            self.publisher.value, self.licence.value, self.frequency.value = (
                v or "" for v in chosen)
            for label, code in mf.theme_options(language):
                self.themes[code].description = label
        finally:
            self._filling = False
        self.heading.value = (f"<h2>{html.escape(words['heading'])}</h2>"
                              f"<p>{html.escape(words['intro'])}</p>")
        self.themes_label.value = f"<p><strong>{html.escape(labels['themes'])}</strong></p>"
        self.again.description = words["again"]
        self.refresh()

    def refresh(self) -> None:
        """The live check and the downloads, after every change."""
        if self._filling:
            return
        values, lang = self.values(), self.language
        words = mf.WORDS[lang]
        code = values["licence"]
        self.licence_help.value = (
            f'<p style="margin-left:20em;max-width:30em">{html.escape(mf.licence_words(code, lang))}'
            "</p>" if code else "")
        problems = mf.form_problems(values, lang)
        self.problems.value = mf.problems_html(problems, lang)
        record = mf.form_record(values, self.file_name)
        stem = (self.file_name or "dataset").rsplit(".", 1)[0]
        links = [download(words["yaml"], f"{stem}-metadata.yaml", "application/yaml",
                           mf.record_yaml(record, lang).encode("utf-8"))]
        if not any(p["blocks"] for p in problems):
            links.append(download(words["dcat"], f"{stem}-dcat-ap-dk.ttl", "text/turtle",
                                   mf.record_dcat(record).encode("utf-8")))
        items = "".join(f"<li>{data_link(d, lang)}</li>" for d in links)
        later = "" if len(links) > 1 else f"<p><em>{html.escape(words['dcat_later'])}</em></p>"
        self.downloads.value = f"<ul>{items}</ul>{later}"
