"""Two import contracts that import-linter's own types cannot say, used by `pyproject.toml`.

- `forbidden_external`: the named modules, and every module of the project they import
  (directly or through others), import none of the named parts of an external package
  (`django.db`, `django.http`, `django.template`). import-linter forbids an external package
  only as a whole (`django`), but pure domain code may use `django.utils.translation`.
- `public_modules`: the importer rooms import a room's modules only through the public ones it
  names (e.g. `grants.models`, `grants.budget`, `grants.public`).

Loaded by `lint-imports` from the project folder (it puts the current folder on `sys.path`).
"""

from __future__ import annotations

import re
from typing import Any

import grimp
from importlinter import Contract, ContractCheck, fields, output

_FROM = re.compile(r"^\s*from\s+([\w.]+)\s+import\s+\(?([\w\s,]+)\)?")
_IMPORT = re.compile(r"^\s*import\s+([\w.\s,]+)")


def imported_names(line: str) -> list[str]:
    """The dotted names an import line may bring in: `from django import template` gives
    `django` and `django.template`; `import django.db.models` gives `django.db.models`."""
    if match := _FROM.match(line):
        package = match.group(1)
        members = [name.strip() for name in match.group(2).split(",") if name.strip()]
        return [package, *(f"{package}.{member.split()[0]}" for member in members)]
    if match := _IMPORT.match(line):
        return [name.strip().split()[0] for name in match.group(1).split(",") if name.strip()]
    return []


def _strings(contract: Contract, option: str) -> list[str]:
    """A list option of the contract as import-linter fills it in (the class holds its field)."""
    return [str(value) for value in getattr(contract, option)]


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


class ForbiddenExternalContract(Contract):
    """The source modules reach none of the forbidden parts of external packages."""

    type_name = "forbidden_external"

    source_modules = fields.ListField(subfield=fields.StringField())
    forbidden_modules = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        forbidden = _strings(self, "forbidden_modules")
        breaches: list[dict[str, Any]] = []
        for source in _strings(self, "source_modules"):
            reached = {source, *graph.find_upstream_modules(source)}
            for module in sorted(reached):
                if graph.is_module_squashed(module):
                    continue
                for imported in sorted(graph.find_modules_directly_imported_by(module)):
                    if not graph.is_module_squashed(imported):
                        continue
                    details = graph.get_import_details(importer=module, imported=imported)
                    for detail in details:
                        names = imported_names(detail["line_contents"])
                        hit = next(
                            (p for p in forbidden for name in names if _within(name, p)), None
                        )
                        if hit is not None:
                            breaches.append(
                                {
                                    "source": source,
                                    "module": module,
                                    "line": detail["line_number"],
                                    "contents": detail["line_contents"].strip(),
                                    "forbidden": hit,
                                }
                            )
        return ContractCheck(kept=not breaches, metadata={"breaches": breaches})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for breach in check.metadata["breaches"]:
            via = "" if breach["module"] == breach["source"] else f" through {breach['module']}"
            output.print_error(
                f"{breach['source']} reaches {breach['forbidden']}{via} "
                f"(l.{breach['line']}: {breach['contents']})",
                bold=False,
            )
            output.new_line()


class PublicModulesContract(Contract):
    """The importers import the package's modules only through its public modules."""

    type_name = "public_modules"

    package = fields.StringField()
    public_modules = fields.ListField(subfield=fields.StringField())
    importers = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        package = str(getattr(self, "package"))  # noqa: B009 - filled in by import-linter
        public = _strings(self, "public_modules")
        breaches: list[dict[str, Any]] = []
        for room in _strings(self, "importers"):
            for importer in sorted({room, *graph.find_descendants(room)}):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    if not _within(imported, package) or any(
                        _within(imported, allowed) for allowed in public
                    ):
                        continue
                    for detail in graph.get_import_details(importer=importer, imported=imported):
                        breaches.append(
                            {
                                "importer": importer,
                                "imported": imported,
                                "line": detail["line_number"],
                            }
                        )
        return ContractCheck(kept=not breaches, metadata={"breaches": breaches})

    def render_broken_contract(self, check: ContractCheck) -> None:
        public = ", ".join(_strings(self, "public_modules"))
        for breach in check.metadata["breaches"]:
            output.print_error(
                f"{breach['importer']} imports {breach['imported']} (l.{breach['line']}); "
                f"use {public}",
                bold=False,
            )
            output.new_line()
