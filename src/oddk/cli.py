"""`oddk …`: the kit's command line, for the secretariat, CI and Windows users.

Each command's handler imports what it needs when it runs, so `oddk --help`
stays fast. To add a command: write `_add_<name>(sub)` and list it in COMMANDS.
"""

from __future__ import annotations

import argparse
import os
import sys


def _add_run(sub):
    p = sub.add_parser("run", help="run every notebook on its defaults and build the site")
    p.add_argument(
        "notebooks", nargs="*", help="only these notebooks (default: all under notebooks/)"
    )
    p.add_argument("--root", help="the kit folder (default: found from here)")
    p.add_argument("--build", help="where executed notebooks and the site go (default: build/)")

    def handler(args):
        from oddk import runner

        return runner.main_run(args.notebooks, root=args.root, build=args.build)

    p.set_defaults(handler=handler)


def _add_site(sub):
    p = sub.add_parser("site", help="rebuild build/site/ from the notebooks executed by `oddk run`")
    p.add_argument("--root", help="the kit folder (default: found from here)")
    p.add_argument("--build", help="the build folder (default: build/)")

    def handler(args):
        from oddk import runner

        return runner.main_site(root=args.root, build=args.build)

    p.set_defaults(handler=handler)


def _add_tidy(sub):
    p = sub.add_parser("tidy", help="strip outputs, counts and widget state from stored notebooks")
    p.add_argument("notebooks", nargs="*", help="notebooks to tidy (default: all)")
    p.add_argument(
        "--check", action="store_true", help="only report, change nothing; exit 1 if untidy"
    )

    def handler(args):
        from oddk import notebooks

        return notebooks.main_tidy(args.notebooks, check=args.check)

    p.set_defaults(handler=handler)


def _add_golden(sub):
    p = sub.add_parser(
        "golden", help="refresh the golden (# NBVAL_CHECK_OUTPUT) outputs from a fresh run"
    )
    p.add_argument(
        "notebooks", nargs="*", help="notebooks to refresh (default: all with golden cells)"
    )

    def handler(args):
        from oddk import notebooks

        return notebooks.main_golden(args.notebooks)

    p.set_defaults(handler=handler)


def _add_test_notebook(sub):
    p = sub.add_parser(
        "test-notebook",
        help="test one notebook: its declared runs and golden cells (e.g. oddk test-notebook 03-clean)",
    )
    p.add_argument("notebook", help="the notebook: 03-clean, da/00-start-here or a path")

    def handler(args):
        from oddk import notebooks

        return notebooks.main_test_notebook(args.notebook)

    p.set_defaults(handler=handler)


def _add_requests(sub):
    p = sub.add_parser("requests", help="check and sum up the register of data requests "
                                        "(meeting-kit/data-requests.yaml)")
    p.add_argument("file", nargs="?", help="the register (default: meeting-kit/data-requests.yaml)")

    def handler(args):
        from oddk import data_requests

        return data_requests.main(args.file)

    p.set_defaults(handler=handler)


def _add_starter(sub):
    p = sub.add_parser(
        "starter", help="a starter notebook for a dataset (oddk starter NAME --out DIR), or for "
                        "every dataset with an index (--all)")
    p.add_argument("dataset", nargs="?", help="the dataset's name on the portal")
    p.add_argument("--resource", help="which resource (its id); default: the first the kit reads")
    p.add_argument("--all", action="store_true", help="every dataset, and an index page")
    p.add_argument("--portal", default="offline", help="a CKAN portal's address (default: the "
                   "kit's catalogue, offline)")
    p.add_argument("--out", required=True, help="the folder to write the notebooks into")
    p.add_argument("--force", action="store_true", help="replace notebooks that exist")

    def handler(args):
        from oddk.starter import index

        return index.main(args)

    p.set_defaults(handler=handler)


def _add_catalogue(sub):
    p = sub.add_parser("catalogue", help="the catalogue: take a snapshot of a CKAN portal")
    csub = p.add_subparsers(dest="catalogue_command", required=True)
    snap = csub.add_parser(
        "snapshot", help="write a portal's catalogue in the kit's form (datasets/catalogue), "
                         "politely and resumably")
    snap.add_argument("--portal", required=True, help="the portal's address, e.g. "
                      "https://admin.opendata.dk")
    snap.add_argument("--out", required=True, help="the folder to write")
    snap.add_argument("--delay", type=float, default=1.0,
                      help="seconds to wait before each request (default 1)")
    snap.add_argument("--force", action="store_true", help="replace a catalogue in --out")

    def handler(args):
        from oddk import snapshot
        from oddk.catalogue import CatalogueError

        try:
            taken = snapshot.take_snapshot(args.portal, args.out, delay=args.delay,
                                           force=args.force)
        except (FileExistsError, snapshot.SnapshotError, ValueError, CatalogueError) as err:
            print(f"✗ {err}", file=sys.stderr)
            return 2
        print(f"wrote {args.out}: {taken['datasets']} datasets, {taken['organisations']} "
              f"organisations, {taken['groups']} groups from {taken['portal']} ({taken['date']})")
        return 0

    snap.set_defaults(handler=handler)


def _add_report(sub):
    p = sub.add_parser(
        "report",
        help="the municipality report for an introduction meeting (oddk report Aarhus --out "
             "aarhus.html), or every member's (--all --out DIR)",
    )
    p.add_argument("name", nargs="?", help="a municipality or region: a name in any usual "
                   "spelling or a code")
    p.add_argument("--all", action="store_true", help="every member's report and an index")
    p.add_argument("--portal", default="offline", help="a CKAN portal's address, or the folder "
                   "of a snapshot of one (default: the kit's synthetic snapshot, offline)")
    p.add_argument("--language", choices=["da", "en"], default="en")
    p.add_argument("--out", required=True, help="the HTML file (or, with --all, the folder)")
    p.add_argument("--force", action="store_true", help="replace files that exist")

    def handler(args):
        from oddk.municipality_report import overview

        return overview.main(args)

    p.set_defaults(handler=handler)


def _add_pins(sub):
    p = sub.add_parser(
        "pins", help="write environment.yml and binder/requirements.txt from requirements.txt"
    )
    p.add_argument(
        "--check", action="store_true", help="only report whether they are in step; exit 1 if not"
    )

    def handler(args):
        from oddk import pins

        return pins.main(check=args.check)

    p.set_defaults(handler=handler)


def _add_datasets(sub):
    p = sub.add_parser(
        "datasets", help="regenerate the synthetic data in datasets/ (byte-reproducible)"
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="regenerate into a temporary folder and compare; exit 1 on a difference",
    )

    def handler(args):
        from oddk import generate

        return generate.main_datasets(check=args.check)

    p.set_defaults(handler=handler)

    s = sub.add_parser(
        "scale", help="write a large municipal-style CSV for benchmarks (never commit it)"
    )
    s.add_argument(
        "--rows", type=int, default=1_000_000, help="number of data rows (default: 1000000)"
    )
    s.add_argument(
        "--out", required=True, help="file to write, outside the repository (e.g. build/scale.csv)"
    )

    def scale_handler(args):
        from oddk import generate

        return generate.main_scale(args.rows, args.out)

    s.set_defaults(handler=scale_handler)


def _add_read(sub):
    p = sub.add_parser(
        "read", help="read a data file and report its encoding, separator, decimal mark, CRS …"
    )
    p.add_argument(
        "path",
        help="a CSV/TSV, XLSX, JSON, GeoJSON, shapefile (.shp, folder or .zip), KML/KMZ, GPX or "
        "GML",
    )
    p.add_argument(
        "--sheet", help="the worksheet (or shapefile layer) to read (default: the first)"
    )
    p.add_argument(
        "--encoding", help="read with this encoding instead of detecting it (e.g. cp1252)"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    def handler(args):
        from oddk import read

        return read.main_read(
            args.path, sheet=args.sheet, as_json=args.json, encoding=args.encoding
        )

    p.set_defaults(handler=handler)


def _add_portal(sub):
    p = sub.add_parser(
        "portal", help="the practice portal: a local CKAN Action API with the embedded catalogue"
    )
    psub = p.add_subparsers(dest="portal_command", metavar="ACTION", required=True)
    serve = psub.add_parser("serve", help="start the practice portal (Ctrl+C stops it)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=5000, help="port (default: 5000)")
    serve.add_argument("--data", help="folder for the portal's state (default: build/portal-data)")
    serve.add_argument("--site-url", help="the address clients use (default: http://HOST:PORT)")
    serve.add_argument(
        "--catalogue", help="catalogue to load on first start (default: datasets/catalogue)"
    )
    serve.add_argument(
        "--max-upload-mb", type=float, default=50.0, help="largest file upload (default: 50)"
    )
    serve.add_argument(
        "--reset",
        action="store_true",
        help="start again from the embedded catalogue (removes datasets, uploads and tokens in --data)",
    )
    serve.add_argument("--quiet", action="store_true", help="log warnings only")
    token = psub.add_parser("token", help="API tokens for writing to the portal")
    tsub = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = tsub.add_parser("create", help="create an API token and print it once")
    create.add_argument("name", help="who or what the token is for, e.g. your name")
    create.add_argument("--data", help="the portal's state folder (default: build/portal-data)")

    def handler(args):
        from pathlib import Path

        from oddk.portal import server

        data = Path(args.data) if args.data else server.default_data_dir()
        if args.portal_command == "serve":
            return server.serve(
                host=args.host,
                port=args.port,
                data_dir=data,
                catalogue_dir=Path(args.catalogue) if args.catalogue else None,
                site_url=args.site_url,
                max_upload_mb=args.max_upload_mb,
                quiet=args.quiet,
                reset=args.reset,
            )
        from oddk.portal import auth

        return auth.main_token_create(args.name, data)

    p.set_defaults(handler=handler)


def _add_describe(sub):
    p = sub.add_parser(
        "describe",
        help="describe a dataset as DCAT-AP-DK (Turtle, JSON-LD) or opendata.dk's dataset dict",
    )
    p.add_argument(
        "record",
        help="the kit's metadata file (YAML/JSON) or a CKAN dataset dict (JSON, as package_show returns it)",
    )
    p.add_argument(
        "--to",
        choices=["ttl", "jsonld", "ckan"],
        default="ttl",
        help="output: Turtle (default), JSON-LD or the CKAN dataset dict",
    )
    p.add_argument(
        "--base-url",
        default="https://admin.opendata.dk",
        help="the portal address used in the dataset's links (default: https://admin.opendata.dk)",
    )

    def handler(args):
        from oddk import dcat

        return dcat.main_describe(args.record, args.to, base_url=args.base_url)

    p.set_defaults(handler=handler)


def _add_standardise(sub):
    p = sub.add_parser(
        "standardise", help="map a municipal facility file to a standard (GeoFA) and write it"
    )
    p.add_argument(
        "path",
        help="the municipality's own file (CSV, XLSX, GeoJSON, shapefile, KML, GPX or GML); "
        "only read",
    )
    p.add_argument(
        "--standard",
        default=None,
        help="default: by the file's geometry, geofa-facility (points), geofa-facility-area "
        "(polygons, t_5801) or geofa-facility-line (lines, t_5802); or a point profile: "
        "geofa-facility-toilet, -playground, -parking, -bench",
    )
    p.add_argument(
        "--points",
        action="store_true",
        help="write every geometry as a facility point: a polygon's representative point "
        "(inside it), a line's middle",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="all or nothing: write nothing when any value or row would be set aside (exit 2)",
    )
    p.add_argument(
        "--type",
        dest="facility_type",
        help="facility type when the file does not say: a code or a Danish name (1031 or Legeplads)",
    )
    p.add_argument(
        "--mapping", help="a saved mapping (YAML) to replay instead of the suggested one"
    )
    p.add_argument(
        "--municipality",
        help="the publishing municipality (code or name) when the file name does not say",
    )
    p.add_argument("--sheet", help="the worksheet to read (Excel)")
    p.add_argument(
        "--suggest-only",
        action="store_true",
        help="write the suggested mapping (to OUT if it ends in .yaml, else OUT's name + .mapping.yaml) and stop",
    )
    p.add_argument(
        "--out",
        required=True,
        help="the file to write: .csv (x/y in EPSG:25832) or .geojson (WGS84)",
    )
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")

    def handler(args):
        from oddk.standards import cli

        return cli.main_standardise(
            args.path,
            standard=args.standard,
            facility_type=args.facility_type,
            mapping=args.mapping,
            out=args.out,
            suggest_only=args.suggest_only,
            force=args.force,
            municipality=args.municipality,
            sheet=args.sheet,
            points=args.points,
            strict=args.strict,
        )

    p.set_defaults(handler=handler)


def _add_check(sub):
    p = sub.add_parser(
        "check", help="is a data file ready to publish? the readiness report (exit 1: blockers)"
    )
    p.add_argument("path", help="a CSV/TSV, XLSX, JSON, GeoJSON, shapefile, KML or GPX")
    p.add_argument(
        "--standard", help="a Table Schema file or a standard's name (e.g. GeoFA facility points)"
    )
    p.add_argument("--metadata", help="the dataset's metadata: a CKAN dataset dict (JSON)")
    p.add_argument(
        "--language",
        choices=["da", "en"],
        default="en",
        help="language of the report (default: en)",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--html", metavar="OUT", help="also write the report as a standalone HTML page")
    p.add_argument("--sheet", help="the worksheet to check (default: the first)")
    p.add_argument("--force", action="store_true", help="replace an existing --html file")

    def handler(args):
        from oddk.check import cli

        return cli.main_check(
            args.path,
            standard=args.standard,
            metadata=args.metadata,
            language=args.language,
            as_json=args.json,
            html=args.html,
            sheet=args.sheet,
            force=args.force,
        )

    p.set_defaults(handler=handler)

    e = sub.add_parser(
        "export", help="write an open-data CSV (UTF-8, comma) with formula cells neutralised"
    )
    e.add_argument("path", help="the data file to export (never changed)")
    e.add_argument("--out", required=True, help="the CSV to write")
    e.add_argument(
        "--excel",
        action="store_true",
        help="also write OUT-excel.csv for Danish Excel (';' and BOM)",
    )
    e.add_argument("--sheet", help="the worksheet to export (default: the first)")
    e.add_argument("--force", action="store_true", help="replace existing output files")
    e.add_argument(
        "--drop-personal",
        action="store_true",
        help="also write OUT-without-personal-data.csv without the columns holding personal data",
    )

    def export_handler(args):
        from oddk import export

        return export.main_export(
            args.path, args.out, excel=args.excel, force=args.force, sheet=args.sheet,
            drop_personal=args.drop_personal,
        )

    e.set_defaults(handler=export_handler)


def _add_app(sub):
    p = sub.add_parser(
        "app", help="run the dashboard as a Voilà app at http://127.0.0.1:8866 (Ctrl+C stops it)"
    )
    p.add_argument("--port", type=int, default=8866, help="the port on 127.0.0.1 (default 8866)")

    def handler(args):
        from oddk import dashboard

        return dashboard.serve_app(args.port)

    p.set_defaults(handler=handler)


def _add_course(sub):
    p = sub.add_parser(
        "course", help="regenerate the course's student versions (course/release/) with nbgrader"
    )
    p.add_argument(
        "assignments",
        nargs="*",
        help="assignments to release (default: every one in course/source/)",
    )

    def handler(args):
        import os
        import subprocess
        from pathlib import Path

        from oddk.paths import kit_root

        course = kit_root() / "course"
        names = args.assignments or sorted(
            d.name for d in (course / "source").iterdir() if d.is_dir()
        )
        # nbgrader runs alembic from the environment's bin folder: put it on PATH
        env = {
            **os.environ,
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        }
        for name in names:
            done = subprocess.run(
                [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force"],
                cwd=course,
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                print(f"nbgrader could not release {name}:\n{done.stderr.strip()}", file=sys.stderr)
                return done.returncode
            print(f"released course/release/{name}/ from course/source/{name}/")
        return 0

    p.set_defaults(handler=handler)


def _add_check_app(sub):
    p = sub.add_parser(
        "check-app",
        help="'check my file' as a Voilà app at http://127.0.0.1:8866 (Ctrl+C stops it)",
    )
    p.add_argument("--port", type=int, default=8866, help="the port on 127.0.0.1 (default 8866)")
    p.add_argument("--portal", help="a practice portal's address, for the page's next step "
                   "(e.g. http://127.0.0.1:5000 from `oddk portal serve`)")

    def handler(args):
        from oddk import check_app

        return check_app.serve_app(args.port, portal=args.portal)

    p.set_defaults(handler=handler)


COMMANDS = [
    _add_run,
    _add_site,
    _add_tidy,
    _add_golden,
    _add_test_notebook,
    _add_report,
    _add_catalogue,
    _add_starter,
    _add_requests,
    _add_pins,
    _add_datasets,
    _add_read,
    _add_portal,
    _add_describe,
    _add_standardise,
    _add_check,
    _add_app,
    _add_course,
    _add_check_app,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oddk",
        description="Open Data DK onboarding kit: run the guidelines, check and publish data.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()


def _quiet_closed_pipes() -> None:
    """Point stdout, and stderr if it is the closed one, at os.devnull: what is still buffered
    goes there at exit, instead of an "Exception ignored … BrokenPipeError" on stderr."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        _point_at(sys.stdout, devnull)
        try:
            if sys.stderr is not None:
                sys.stderr.flush()  # an open stderr flushes fine and stays as it is
        except OSError:
            _point_at(sys.stderr, devnull)
    finally:
        os.close(devnull)


def _point_at(stream, fd: int) -> None:
    try:
        os.dup2(fd, stream.fileno())
    except (AttributeError, OSError, ValueError):  # not a real file (None, a StringIO)
        pass


def main(argv: list[str] | None = None) -> int:
    """Run one command. A reader that leaves early (`oddk check FILE | head`) ends it quietly, as
    Python's note on SIGPIPE recommends; SIGPIPE itself stays ignored, since its default action
    would let one client closing a socket kill `oddk portal serve`."""
    result: int | SystemExit | None = None  # the command's own result, once it is known
    try:
        try:
            result = _run(argv)
        except SystemExit as done:  # argparse ends --help and usage errors this way
            result = done
            _flush()
            raise
        _flush()  # inside the try: a closed pipe shows up here, not at the interpreter's exit
        return result
    except BrokenPipeError:
        _quiet_closed_pipes()
        if isinstance(result, SystemExit):
            raise result from None
        # finished before the pipe closed: its own code; cut off mid-output: 141 (128 + SIGPIPE, as a shell shows it)
        return 141 if result is None else result


if __name__ == "__main__":
    sys.exit(main())
