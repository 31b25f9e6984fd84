"""Imports run one way: cli -> io, report -> survey -> ahp -> model -> errors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ahp_eval"

# Which of the package's domains each domain may import (its own always allowed).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "model": {"errors"},
    "ahp": {"errors", "model"},
    "survey": {"errors", "model", "ahp"},
    "io": {"errors", "model", "ahp", "survey"},
    "report": {"errors", "model", "ahp", "survey"},
    "cli": {"errors", "model", "ahp", "survey", "io", "report", "_version"},
}
# Third-party libraries a domain must never import.
FORBIDDEN: dict[str, set[str]] = {
    "model": {"typer", "click", "rich", "yaml", "openpyxl", "matplotlib"},
    "ahp": {"typer", "click", "rich", "yaml", "openpyxl", "matplotlib", "pydantic"},
    "survey": {"typer", "click", "rich", "yaml", "openpyxl", "matplotlib"},
    "io": {"typer", "click", "rich", "matplotlib"},
    "report": {"typer", "click", "yaml", "openpyxl"},
}
# Modules of a domain that another domain may not import even where the domain is allowed.
PRIVATE_TO: dict[str, set[str]] = {
    "io": {"ahp_eval.survey.scoring", "ahp_eval.survey.fuzzy"},  # io never imports the scorer
}


def domain_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imports_of(path: Path) -> set[str]:
    """Every module imported anywhere in the file (functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if domain_of(p) in ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_module_imports_only_downwards(path: Path) -> None:
    """A module imports only its own domain and the domains below it."""
    domain = domain_of(path)
    bad = []
    for name in imports_of(path):
        parts = name.split(".")
        if parts[0] == "ahp_eval":
            target = parts[1] if len(parts) > 1 else "ahp_eval"
            if target != domain and target not in ALLOWED[domain]:
                bad.append(name)
            if any(name.startswith(p) for p in PRIVATE_TO.get(domain, set())):
                bad.append(name)
        elif parts[0] in FORBIDDEN.get(domain, set()):
            bad.append(name)
    assert not bad, f"{path.relative_to(PACKAGE)} ({domain}) imports {sorted(bad)}"


def test_every_module_belongs_to_a_domain() -> None:
    """No module sits outside the domains, except the package's own entry files and shims."""
    top = {"__init__", "__main__", "_version", "matrix", "hierarchy"}
    loose = [p.name for p in PACKAGE.glob("*.py") if p.stem not in top and p.stem not in ALLOWED]
    assert not loose
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders <= set(ALLOWED)


def test_public_names_resolve() -> None:
    """Every name in ahp_eval.__all__ imports (they load on first use)."""
    import ahp_eval

    for name in ahp_eval.__all__:
        assert getattr(ahp_eval, name) is not None, name
