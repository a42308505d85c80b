""" "Check my file": the readiness check as a Voilà app for people who do not program.

Upload a file, read the report in plain words (English or Danish, every word on the page
in the chosen language), describe the data in the metadata form (oddk.check_app_form, checked
live), check again with that description, download a fixed CSV, the report and the
description (YAML, DCAT-AP-DK); the page ends with the next step (publishing, and the
practice portal where one runs: `practice_portal`). Served by `oddk check-app` from
app/check-my-file.ipynb with the kit's Voilà setup (app/voila.json, no CDN).

- **Size limit**: `MAX_UPLOAD_MB` (5 MiB). ipywidgets sends an upload to the kernel as
  one websocket message, and the server's websocket carries at most 10 MiB; the limit
  leaves room for the message around the file. A larger file is refused in the browser
  before it is sent (`size_guard`), and again in the kernel.
- **Nothing kept**: the upload is written to a private temporary folder only while the
  check runs, then the folder is deleted; downloads are `data:` links built in memory,
  so no file server is needed. The standalone app (`oddk check-app`, app/voila.json) culls
  the kernel of a closed page: `MappingKernelManager.cull_idle_timeout` 300 s, checked every
  `cull_interval` 60 s; a page that is still open keeps its kernel (`cull_connected` false),
  and a page whose kernel has gone says "your session ended: reload the page". A kernel
  killed in the middle of a check leaves its folder behind: the next app that starts removes
  such folders (`oddk-check-*` older than `STALE_MINUTES`). Served from a Jupyter server or
  Binder instead (the voila server extension), app/voila.json is not read and that server's
  own settings apply: there, culling would end notebook kernels too, so the kit sets none.
- **Personal data**: the app warns not to upload it to a public Binder; the report
  shows personal data only masked (oddk.check).

    >>> result = check_upload("toiletter.csv", open("toiletter.csv", "rb").read())  # doctest: +SKIP
    >>> result["report"].verdict, [d["filename"] for d in result["downloads"]]   # doctest: +SKIP
    ('fix', ['toiletter-fixed.csv', 'toiletter-report.html', ...])
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import tempfile
from pathlib import Path

from oddk.check_app_form import data_link
from oddk.check_app_form import download as _download

MAX_UPLOAD_MB = 5
MAX_UPLOAD = MAX_UPLOAD_MB * 1024 * 1024
APP_NOTEBOOK = "check-my-file.ipynb"  # in app/
ACCEPT = ".csv,.tsv,.txt,.xlsx,.json,.geojson,.zip,.kml,.kmz,.gpx,.gml"

WORDS = {
    "en": {
        "title": "Check my file",
        "intro": "Is your file ready to be published as open data? Choose it below: the check "
                 "tells you, in plain words, what is good, what to fix and how. Then describe the "
                 "data, and download a fixed CSV, the report and the description.",
        "warning": "Do not upload personal data to a public server (such as mybinder.org): no "
                   "names, e-mail addresses, phone numbers, CPR numbers or staff user ids, and no "
                   "file that is not yet public. Check such files on your own computer.",
        "limits": "Files up to {mb} MiB (CSV, Excel, JSON, GeoJSON, KML, zipped shapefile). Nothing "
                  "is kept: your file is deleted from the server right after the check, and "
                  "everything else when you close the page, so download what you need.",
        "report_file": "report",
        "fixed_file": "fixed",
        "described": "The description you filled in (YAML)",
        "choose": "Choose a file",
        "language": "Language",
        "waiting": "No file yet. Choose a CSV, Excel, JSON or GeoJSON file (at most {mb} MiB).",
        "checking": "Checking {name} …",
        "too_big": "{name} is {size} MiB: the app takes files up to {mb} MiB. Check it on your own "
        "computer instead, with the kit's guideline 'Check my dataset'.",
        "downloads": "Download",
        "fixed": "Fixed CSV: UTF-8, comma-separated, formulas made harmless",
        "fixed_note": "The fixed CSV does not remove personal data or other blockers: "
        "they need your decision.",
        "no_fixed": "No fixed CSV: the file could not be read as a table ({why}).",
        "report": "The report (HTML, to share)",
        "json": "The report (JSON, for tools)",
        "metadata": "A metadata record to fill in (YAML)",
        "kept": "Nothing is kept: your file was deleted from the server right after the check. "
        "Download what you need before you close this page.",
        "ended": "Your session ended (the page was closed or idle for long). Reload the page to "
        "check a file.",
        "another": "Checked",
    },
    "da": {
        "title": "Tjek min fil",
        "intro": "Er din fil klar til at blive udgivet som åbne data? Vælg den herunder: tjekket "
                 "fortæller dig med almindelige ord, hvad der er godt, hvad der skal rettes, og "
                 "hvordan. Beskriv derefter data, og hent en rettet CSV, rapporten og "
                 "beskrivelsen.",
        "warning": "Upload ikke personoplysninger til en offentlig server (fx mybinder.org): "
                   "ingen navne, e-mailadresser, telefonnumre, CPR-numre eller medarbejderes "
                   "bruger-id'er og ingen fil, der ikke er offentlig endnu. Tjek sådanne filer "
                   "på din egen computer.",
        "limits": "Filer op til {mb} MiB (CSV, Excel, JSON, GeoJSON, KML, zippet shapefil). Intet "
                  "gemmes: din fil slettes fra serveren lige efter tjekket og alt andet, når du "
                  "lukker siden, så hent det, du skal bruge.",
        "report_file": "rapport",
        "fixed_file": "rettet",
        "described": "Beskrivelsen, du har udfyldt (YAML)",
        "choose": "Vælg en fil",
        "language": "Sprog",
        "waiting": "Ingen fil endnu. Vælg en CSV-, Excel-, JSON- eller GeoJSON-fil "
        "(højst {mb} MiB).",
        "checking": "Tjekker {name} …",
        "too_big": "{name} fylder {size} MiB: appen tager filer op til {mb} MiB. "
        "Tjek den på din egen computer i stedet med kittets vejledning 'Tjek mit datasæt'.",
        "downloads": "Hent",
        "fixed": "Rettet CSV: UTF-8, kommasepareret, formler gjort harmløse",
        "fixed_note": "Den rettede CSV fjerner ikke personoplysninger eller andre stopklodser: "
        "dem skal du selv tage stilling til.",
        "no_fixed": "Ingen rettet CSV: filen kunne ikke læses som en tabel ({why}).",
        "report": "Rapporten (HTML, til at dele)",
        "json": "Rapporten (JSON, til værktøjer)",
        "metadata": "En metadata-post at udfylde (YAML)",
        "kept": "Intet gemmes: din fil blev slettet fra serveren lige efter tjekket. "
        "Hent det, du skal bruge, før du lukker siden.",
        "ended": "Din session er slut (siden var lukket eller stod længe urørt). Genindlæs siden "
        "for at tjekke en fil.",
        "another": "Tjekket",
    },
}


PORTAL_ENV = "ODDK_PRACTICE_PORTAL"  # the practice portal's address, when one runs for the app


def practice_portal() -> str | None:
    """The address of a practice portal for the app's users, if one runs: the one given in
    ODDK_PRACTICE_PORTAL (`oddk check-app --portal URL`), or, on Binder or a JupyterHub with
    jupyter-server-proxy, the Launcher's "Practice portal" under this server's address."""
    url = os.environ.get(PORTAL_ENV, "").strip()
    if url:
        return url
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "").strip()
    if prefix and importlib.util.find_spec("jupyter_server_proxy"):
        return prefix.rstrip("/") + "/oddk-portal/"
    return None


def next_steps_html(language: str, portal: str | None = None) -> str:
    """The page's last words: what comes after the check (publish), with the practice
    portal's address when one runs."""
    from oddk.check.messages import NEXT_STEPS

    title, text = NEXT_STEPS[language if language in ("en", "da") else "en"]
    link = (f' (<a href="{html.escape(portal)}" target="_blank" rel="noopener" '
            f'style="color:#0b5cad;text-decoration:underline">{html.escape(portal)}</a>)'
            if portal else "")
    before, after = text.split("{portal}")
    return (f'<h2 class="next">{html.escape(title)}</h2>'
            f"<p>{html.escape(before)}{link}{html.escape(after)}</p>")


TEMP_PREFIX = "oddk-check-"
STALE_MINUTES = 30  # a check's folder older than this was left by a kernel that was killed


def remove_stale_folders(now: float | None = None) -> list[str]:
    """Remove the temporary folders of checks whose kernel died mid-check (older than
    STALE_MINUTES); a running check's folder is young and kept. Returns the names removed."""
    import time

    now = time.time() if now is None else now
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(TEMP_PREFIX + "*"):
        try:
            old = now - folder.stat().st_mtime > STALE_MINUTES * 60
        except OSError:
            continue
        if old and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


class UploadTooLarge(ValueError):
    """The upload is over MAX_UPLOAD."""


def safe_name(name: str) -> str:
    """A plain file name from what the browser sent:
    'C:\\Users\\x\\Bænke 2024.csv' → 'Bænke-2024.csv'."""
    base = re.split(r"[\\/]", name or "")[-1].strip() or "upload"
    return re.sub(r"[^\w.-]+", "-", base).strip(".-") or "upload"


def check_upload(name: str, data: bytes, language: str = "en",
                 metadata: dict | None = None) -> dict:
    """Check an uploaded file without keeping it. Returns {"name", "report", "downloads",
    "notes"}; each download is {"label", "filename", "mime", "data"} (bytes in memory).
    `metadata`: the metadata form's values (oddk.metadata_form): the check uses them, and
    the description to download is the form's."""
    from oddk import metadata_form as mf
    from oddk.check import check
    from oddk.export import export
    from oddk.metadata import attach_file

    if len(data) > MAX_UPLOAD:
        raise UploadTooLarge(
            WORDS[language]["too_big"].format(
                name=name, size=f"{len(data) / 2**20:.1f}", mb=MAX_UPLOAD_MB
            )
        )
    words = WORDS[language]
    name = safe_name(name)
    stem = Path(name).stem
    folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
    try:
        path = folder / name
        path.write_bytes(data)
        record = None
        if metadata is not None:
            record = attach_file(mf.form_record(metadata, name), path)
            report = check(path, language=language, metadata=record)
        else:
            report = check(path, language=language)
        downloads, notes = [], []
        fixed = folder / "out" / f"{stem}-{words['fixed_file']}.csv"
        fixed.parent.mkdir()
        try:
            export(path, fixed, force=True)
        except Exception as err:  # unreadable, not a table …: the report says why
            notes.append(words["no_fixed"].format(why=str(err).split("\n")[0][:200]))
        else:
            downloads.append(_download(words["fixed"], fixed.name, "text/csv", fixed.read_bytes()))
            if report.blockers and {f.code for f in report.blockers} - {
                "encoding-not-utf8",
                "formula-injection",
                "formula-in-header",
            }:
                notes.append(words["fixed_note"])
        downloads.append(
            _download(
                words["report"],
                f"{stem}-{words['report_file']}-{language}.html",
                "text/html",
                report.to_html().encode("utf-8"),
            )
        )
        downloads.append(
            _download(
                words["json"],
                f"{stem}-{words['report_file']}-{language}.json",
                "application/json",
                report.to_json().encode("utf-8"),
            )
        )
        if record is None:
            label, text = words["metadata"], metadata_record(
                fixed if fixed.exists() else path, stem, language)
        else:
            record["distributions"][0]["file"] = name  # not the server's temporary path
            label, text = words["described"], mf.record_yaml(record, language)
        downloads.append(
            _download(label, f"{stem}-metadata.yaml", "application/yaml", text.encode("utf-8")))
        return {"name": name, "report": report, "downloads": downloads, "notes": notes}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def metadata_record(path: Path, stem: str, language: str = "en") -> str:
    """A metadata record (the kit's YAML, see notebooks/metadata/) for the file, to fill in
    (the app's form fills it in instead)."""
    import yaml

    from oddk.metadata import attach_file

    record = attach_file(
        {"title": stem.replace("-", " ").replace("_", " "), "licence": "CC0"}, path
    )
    for dist in record["distributions"]:
        dist["file"] = Path(dist["file"]).name  # not the server's temporary path
    head = {
        "en": "# The metadata record for your dataset: fill in the empty fields (title,\n"
              "# description, organisation, contact, themes, frequency), or use the form in\n"
              "# Check my file. The lesson 05 · Publish explains each field.\n",
        "da": "# Metadata-posten for dit datasæt: udfyld de tomme felter (titel, beskrivelse,\n"
              "# organisation, kontakt, temaer, opdatering), eller brug formularen i Tjek min\n"
              "# fil. Lektionen 05 · Udgiv forklarer hvert felt.\n",
    }[language if language in ("en", "da") else "en"]
    return head + yaml.safe_dump(record, allow_unicode=True, sort_keys=False)


def size_guard(limit: int = MAX_UPLOAD) -> str:
    """A <script> that refuses a file over `limit` in the browser, before ipywidgets reads
    and sends it. The upload widget keeps its file input out of the page (it redraws its
    button), so the guard hooks the input when the button clicks it: a capturing 'change'
    listener on the input runs before the widget's own, and stops the event there."""
    return f"""<script>
(function () {{
  if (window.oddkSizeGuard) return;
  window.oddkSizeGuard = true;
  function guard(event) {{
    var input = event.target;
    var big = Array.from(input.files || []).filter(function (f) {{ return f.size > {limit}; }});
    var box = document.getElementById("oddk-upload-refused");
    if (!big.length) {{ if (box) box.hidden = true; return; }}
    event.stopImmediatePropagation();
    input.value = "";
    if (box) {{
      var f = big[0], mb = (f.size / 1048576).toFixed(1);
      box.textContent = (box.dataset.template || "")
        .replace("{{name}}", f.name).replace("{{size}}", mb);
      box.hidden = false;
    }}
  }}
  var click = HTMLInputElement.prototype.click;
  HTMLInputElement.prototype.click = function () {{
    if (this.type === "file" && !this.oddkGuarded) {{
      this.oddkGuarded = true;
      this.addEventListener("change", guard, true);
    }}
    return click.apply(this, arguments);
  }};
}})();
</script>"""


def session_watch(every_ms: int = 15_000) -> str:
    """A <script> that asks the server every `every_ms` whether the page's kernel still runs
    (`/api/kernels/<id>`); once it has gone (culled, or the server restarted), the page says
    so in its language ("your session ended: reload the page") instead of failing silently.
    It also sets the page's `lang` to the language chosen in the app (for screen readers)."""
    return f"""<script>
(function () {{
  if (window.oddkSessionWatch) return;
  window.oddkSessionWatch = true;
  new MutationObserver(function () {{  // the page's language follows the app's choice
    var mark = document.getElementById("oddk-lang");
    if (mark && document.documentElement.lang !== mark.dataset.lang)
      document.documentElement.lang = mark.dataset.lang;
  }}).observe(document.body, {{childList: true, subtree: true}});
  var config = JSON.parse((document.getElementById("jupyter-config-data") || {{}}).textContent || "{{}}");
  if (!config.kernelId) return;
  var url = (config.baseUrl || "/") + "api/kernels/" + config.kernelId;
  var timer = setInterval(function () {{
    fetch(url, {{cache: "no-store"}}).then(function (answer) {{
      if (answer.status !== 404) return;
      clearInterval(timer);
      var box = document.getElementById("oddk-session-ended");
      if (box) {{ box.textContent = box.dataset.text || ""; box.hidden = false; }}
    }}).catch(function () {{}});
  }}, {every_ms});
}})();
</script>"""


class CheckApp:
    """The app's widgets: language, upload, status, report and downloads. `.widget` shows it;
    display `size_guard()` as HTML output first (a widget's HTML does not run scripts)."""

    def __init__(self, language: str = "en"):
        import ipywidgets as w

        from oddk.check_app_form import MetadataFormWidget

        remove_stale_folders()  # left by a kernel that was killed in the middle of a check
        self.language = language
        self.intro = w.HTML()
        self.choose = w.ToggleButtons(  # each language named in its own words
            options=[("English", "en"), ("Dansk", "da")],
            value=language,
            style={"description_width": "initial"},
        )
        self.upload = w.FileUpload(
            accept=ACCEPT, multiple=False, description=WORDS[language]["choose"]
        )
        self.upload.add_class("oddk-upload")
        self.label = w.HTML()  # the upload button's words (see _label)
        self.status = w.HTML()
        self.refused = w.HTML()
        self.report = w.HTML()
        self.downloads = w.HTML()
        self.form = MetadataFormWidget(language, on_check=self._on_form_check)
        self.form.widget.layout.display = "none"  # shown once a file is checked
        self.metadata: dict | None = None  # the form's values the last check used
        self.next = w.HTML()
        self.last = (
            None  # (name, bytes) of the last upload while the page is open, to switch language
        )
        self.upload.observe(self._on_upload, names="value")
        self.choose.observe(self._on_language, names="value")
        self._words()
        self.widget = w.VBox(
            [self.choose, self.intro, self.label, self.upload, self.refused, self.status, self.downloads,
             self.report, self.form.widget, self.next]
        )

    def _label(self) -> None:
        """The upload button's words: 'Choose a file', or the file checked ('Checked:
        name.csv'), without the widget's own count ('(0)', as the bytes are let go): drawn by
        CSS from the page's style, the widget's own text hidden."""
        words = WORDS[self.language]
        label = f"{words['another']}: {safe_name(self.last[0])}" if self.last else words["choose"]
        self.upload.description = words["choose"]
        css = label.replace("\\", "\\\\").replace('"', '\\"')
        self.label.value = (
            "<style>.oddk-upload{font-size:0;width:auto;min-width:12em;padding:0 1em;align-self:flex-start}"
            ".oddk-upload i{font-size:13px}"
            f'.oddk-upload::after{{content:"{css}";font-size:13px;margin-left:.3em}}</style>')

    def _words(self):
        words = WORDS[self.language]
        self.choose.description = words["language"]
        self.intro.value = (
            f'<h1 id="oddk-lang" data-lang="{self.language}">{html.escape(words["title"])}</h1>'
            f"<p>{html.escape(words['intro'])}</p>"
            f'<p style="border-left:4px solid #a40000;padding-left:.6em"><strong>'
            f"{html.escape(words['warning'])}</strong></p>"
            f"<p>{html.escape(words['limits'].format(mb=MAX_UPLOAD_MB))}</p>")
        self._label()
        template = words["too_big"].format(name="{name}", size="{size}", mb=MAX_UPLOAD_MB)
        self.refused.value = (
            f'<p id="oddk-upload-refused" role="alert" hidden data-template="'
            f'{html.escape(template)}" style="color:#a40000;font-weight:bold"></p>'
            f'<p id="oddk-session-ended" role="alert" hidden data-text="'
            f'{html.escape(words["ended"])}" style="color:#a40000;font-weight:bold"></p>'
        )
        if self.last is None:
            self.status.value = f"<p>{html.escape(words['waiting'].format(mb=MAX_UPLOAD_MB))}</p>"

    def _on_language(self, change):
        self.language = change["new"]
        self.form.set_language(self.language)
        self._words()
        if self.last is not None:
            self.show(*self.last)

    def _on_upload(self, change):
        files = change["new"]
        if not files:
            return
        item = files[0]
        name, data = item["name"], bytes(item["content"])
        self.upload.value = ()  # the widget forgets the bytes
        self.last = (name, data)
        self.metadata = None  # a new file: its own description
        self.form.new_file()
        self.show(name, data)
        self._label()

    def _on_form_check(self, values: dict):
        if self.last is not None:
            self.metadata = values
            self.show(*self.last)

    def show(self, name: str, data: bytes):
        words = WORDS[self.language]
        self.status.value = f"<p>{html.escape(words['checking'].format(name=name))}</p>"
        self.report.value, self.downloads.value = "", ""
        try:
            result = check_upload(name, data, self.language, metadata=self.metadata)
        except UploadTooLarge as err:
            self.last = None
            self.form.widget.layout.display = "none"
            self.next.value = ""
            self.status.value = f'<p role="alert" style="color:#a40000">{html.escape(str(err))}</p>'
            return
        report = result["report"]
        from oddk.check.messages import VERDICTS

        verdict = VERDICTS[report.verdict][self.language]  # in words, never the internal code
        self.status.value = (
            f"<p><strong>{html.escape(result['name'])}</strong>: {html.escape(verdict)}</p>"
        )
        self._label()
        links = "".join(f"<li>{data_link(d, self.language)}</li>" for d in result["downloads"])
        notes = "".join(f"<p>{html.escape(n)}</p>" for n in result["notes"])
        self.downloads.value = (
            f"<h2>{html.escape(words['downloads'])}</h2><ul>{links}</ul>{notes}"
            f"<p><em>{html.escape(words['kept'])}</em></p>"
        )
        self.report.value = report.to_html(standalone=False, face="app")
        self.form.file_name = result["name"]
        self.form.refresh()
        self.form.widget.layout.display = ""
        self.next.value = next_steps_html(self.language, practice_portal())


def serve_app(port: int = 8866, portal: str | None = None) -> int:
    """Run the app until Ctrl+C (`oddk check-app`): Voilà on 127.0.0.1 with the kit's
    Voilà setup in app/ (the same as the dashboard app). `portal`: a practice portal's
    address, for the page's next step. Returns the exit code."""
    import subprocess

    from oddk.dashboard import app_command

    argv, folder, env = app_command(port, notebook=APP_NOTEBOOK)
    if portal:
        env = {**env, PORTAL_ENV: portal}
    print(f"Check my file: http://127.0.0.1:{port}/  (Ctrl+C stops it)", flush=True)
    try:
        return subprocess.run(argv, cwd=folder, env=env).returncode
    except KeyboardInterrupt:
        return 0
