"""Run every experiment in one command: `python -m nnverify.experiments [--out results] [--quick]`.

Writes `<out>/nguyen21/` and `<out>/nguyen_mondelli20/` (PNG figures, results.json, results.md) and
measurement files for the report (`nnverify report`).
"""

from __future__ import annotations

import argparse
import sys

from nnverify.experiments import cli, nguyen21, nguyen_mondelli20, out_dir


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="results")
    p.add_argument("--quick", action="store_true", help="smoke run (< 1 minute)")
    a = p.parse_args(argv)
    out_dir(a.out)
    extra = ["--quick"] if a.quick else []
    nguyen21.main(["--out", f"{a.out}/nguyen21", *extra])
    nguyen_mondelli20.main(["--out", f"{a.out}/nguyen_mondelli20", *extra])
    print(f"experiments written under {a.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(cli(main))
