"""`oddk check PATH`: the readiness report in words, as JSON or as an HTML page.

Exit codes: 0 no blocker, 1 blockers (an empty or binary file is a report with a blocker),
2 the path does not exist or cannot be opened (or the standard or metadata cannot be read).
"""

from __future__ import annotations

import sys
from pathlib import Path

from oddk.personal import mask


def main_check(path: str, standard: str | None = None, metadata: str | None = None,
               language: str = "en", as_json: bool = False, html: str | None = None,
               sheet: str | None = None, force: bool = False) -> int:
    from oddk.check.engine import check
    from oddk.read import ReadError

    try:
        report = check(path, standard=standard, metadata=metadata, language=language,
                       sheet=sheet)
    except ReadError as e:
        print(f"oddk check: {mask(str(e), 10_000)}", file=sys.stderr)
        return 2
    except ValueError as e:  # unknown standard, unreadable metadata
        print(f"oddk check: {mask(str(e), 10_000)}", file=sys.stderr)
        return 2
    except Exception as e:  # never a traceback for the user
        print(f"oddk check: could not check '{Path(path).name}' ({type(e).__name__}). "
              "Please report this with the file.", file=sys.stderr)
        return 2
    if html:
        from oddk.safe_write import guard, write_text

        try:
            write_text(guard(html, inputs=[path], force=force), report.to_html())
        except FileExistsError as e:
            print(f"oddk check: {mask(str(e), 10_000)}", file=sys.stderr)
            return 2
    if as_json:
        print(report.to_json())
    else:
        print(report.to_text())
        if html:
            print(f"\nHTML: {html}")
    return 1 if report.verdict == "fix" else 0
