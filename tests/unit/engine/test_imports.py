"""The engine stays pure: no Django, no Celery, and of the connectors only connectors.sdk."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[3] / "backend" / "engine"


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for statement in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(statement, ast.Import):
            modules.update(alias.name for alias in statement.names)
        elif isinstance(statement, ast.ImportFrom) and statement.module:
            modules.add(statement.module)
    return modules


@pytest.mark.parametrize("path", sorted(ENGINE.glob("*.py")), ids=lambda path: path.name)
def test_engine_module_imports_no_framework_and_no_connector_code(path):
    modules = imported_modules(path)

    forbidden = {
        module
        for module in modules
        if module.split(".")[0] in {"django", "celery", "rest_framework"}
        or (module.startswith("connectors") and not module.startswith("connectors.sdk"))
        or (module.startswith("backend.") and not module.startswith("backend.engine"))
    }
    assert forbidden == set()
