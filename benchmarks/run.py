"""`make bench`: run every benchmark script in this folder, one after the other."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).parent
failed = 0
for script in sorted(here.glob("*.py")):
    if script.name == "run.py" or script.name.startswith("_"):
        continue
    if script.name == "hub_class.py":
        continue  # its own target, `make bench-hub`: root, real accounts, some ten minutes
    print(f"\n== {script.name}", flush=True)
    failed |= subprocess.run([sys.executable, str(script)]).returncode != 0
sys.exit(1 if failed else 0)
