"""README's example outputs, produced by the code on the shipped samples.

In README.md an example is a marker line followed by a fenced block:

    <!-- example: check workbooks/renja_disnaker_pontianak_2024.xlsx -q -->
    ```
    $ reconcile check workbooks/renja_disnaker_pontianak_2024.xlsx -q
    …what that command prints…
    ```

`python workbooks/scripts/readme_examples.py` runs every such command (from the repository's
root, no colour, RECONCILE_LANG unset) and writes its output into the block;
`--check` only says which blocks are stale (exit 1). tests/test_readme_examples.py fails
when README.md differs from a fresh run.
"""
from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- example: (?P<args>.+?) -->\n```[a-z]*\n(?P<body>.*?)^```$", re.M | re.S)


def run(args: str) -> str:
    """What `reconcile ARGS` prints on stdout, run from the repository's root."""
    from click.testing import CliRunner

    from reconcile.cli import main

    old = Path.cwd()
    os.chdir(ROOT)
    try:
        env = {"RECONCILE_LANG": None, "NO_COLOR": None, "COLUMNS": None}
        result = CliRunner().invoke(main, shlex.split(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.stdout


def render(text: str) -> str:
    """`text` with every example block holding its command and a fresh run's output."""
    def block(m: re.Match) -> str:
        args = m.group("args")
        output = run(args)
        return (f"<!-- example: {args} -->\n```\n$ reconcile {args}\n{output}"
                f"{'' if output.endswith(chr(10)) else chr(10)}```")

    return MARKER.sub(block, text)


def stale(text: str) -> list[str]:
    """The commands whose block in `text` differs from a fresh run."""
    fresh = render(text)
    old_blocks = {m.group("args"): m.group(0) for m in MARKER.finditer(text)}
    new_blocks = {m.group("args"): m.group(0) for m in MARKER.finditer(fresh)}
    return [args for args in old_blocks if old_blocks[args] != new_blocks.get(args)]


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    if "--check" in argv:
        bad = stale(text)
        for args in bad:
            print(f"stale README example: reconcile {args}")
        return 1 if bad else 0
    fresh = render(text)
    if fresh != text:
        tmp = README.with_suffix(".md.tmp")
        tmp.write_text(fresh, encoding="utf-8")
        os.replace(tmp, README)
        print("README.md examples updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
