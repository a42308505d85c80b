"""`python -m oddk.portal serve …` is `oddk portal serve …` (for when oddk is not on PATH)."""

import sys

from oddk.cli import main

sys.exit(main(["portal", *sys.argv[1:]]))
