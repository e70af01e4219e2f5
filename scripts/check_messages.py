#!/usr/bin/env python
"""Fail when the Danish translation is incomplete or its compiled .mo file is stale.

Runs `makemessages` on a copy of the source tree, so the working tree is not touched, and
counts what `msgfmt` finds untranslated or fuzzy. Needs GNU gettext (msgfmt, xgettext).
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    "core",
    "accounts",
    "jobs",
    "notifications",
    "grants",
    "companies",
    "participants",
    "progress",
    "spending",
    "meetings",
    "applications",
    "home",
    "demo",
    "rummelig",
    "templates",
    "static/js",
    "locale",
]
DOMAINS = {"django": [], "djangojs": ["-d", "djangojs"]}


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for name in SOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "manage.py", copy / "manage.py")
        env = {**os.environ, "DEBUG": "1", "PYTHONPATH": str(copy)}
        for domain, flags in DOMAINS.items():
            po = copy / "locale" / "da" / "LC_MESSAGES" / f"{domain}.po"
            if not (ROOT / "locale/da/LC_MESSAGES" / f"{domain}.po").exists():
                continue
            subprocess.run(
                [sys.executable, "manage.py", "makemessages", "-l", "da", "--no-obsolete", *flags],
                cwd=copy,
                env=env,
                check=True,
                capture_output=True,
            )
            stats = subprocess.run(
                ["msgfmt", "--statistics", "-c", "-o", str(copy / f"{domain}.mo"), str(po)],
                capture_output=True,
                text=True,
                check=True,
            ).stderr
            if "untranslated" in stats or "fuzzy" in stats:
                problems.append(f"locale/da {domain}.po: {stats.strip()}")
            committed_po = ROOT / "locale/da/LC_MESSAGES" / f"{domain}.po"
            committed_mo = committed_po.with_suffix(".mo")
            fresh_mo = copy / f"{domain}-committed.mo"
            subprocess.run(["msgfmt", "-o", str(fresh_mo), str(committed_po)], check=True)
            if not committed_mo.exists() or not filecmp.cmp(fresh_mo, committed_mo, shallow=False):
                problems.append(f"{committed_mo.relative_to(ROOT)} is stale: run `make messages`")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("Translate the new strings in locale/da, then run `make messages`.", file=sys.stderr)
        return 1
    print("Translations complete: locale/da is up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
