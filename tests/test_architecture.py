"""The layers of design.md §3, checked by reading every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cutover_desktop"

# For each layer: which of our layers it may import, and which outside packages it must not.
ALLOWED_LAYERS = {
    "domain": set(),
    "storage": {"domain"},
    "reports": {"domain"},
    "services": {"domain", "storage", "reports"},
    "printing": {"domain", "reports"},
    "ui": {"domain", "services", "reports", "printing", "ui"},
}
QT = {"PySide6", "shiboken6"}
FORBIDDEN_EXTERNAL = {
    "domain": QT | {"sqlite3", "sqlite_utils", "platformdirs", "icalendar", "openpyxl"},
    "storage": QT,
    "reports": QT | {"sqlite3", "sqlite_utils"},
    "services": QT,
    "printing": {"sqlite3", "sqlite_utils", "PySide6.QtWidgets"},
    "ui": {"sqlite3", "sqlite_utils"},
}
# Modules at the top of the package that any layer may use.
SHARED = {"cutover_desktop", "cutover_desktop.paths"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: use absolute imports, not relative ones")
    return names


def _is_module(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").exists()


def _modules() -> list[tuple[str, Path]]:
    found = []
    for layer in ALLOWED_LAYERS:
        found += [(layer, path) for path in sorted((PACKAGE / layer).rglob("*.py"))]
    return found


@pytest.mark.parametrize(("layer", "path"), _modules(),
                         ids=lambda v: v if isinstance(v, str) else v.name)
def test_layer_imports_only_what_it_may(layer: str, path: Path) -> None:
    for name in _imports(path):
        if name.startswith("cutover_desktop."):
            parts = name.split(".")
            if ".".join(parts[:2]) in SHARED or not _is_module(parts[1]):
                continue  # the shared modules, or a name from the package's __init__
            target = parts[1]
            if target in ALLOWED_LAYERS:
                assert target == layer or target in ALLOWED_LAYERS[layer], (
                    f"{path.relative_to(PACKAGE)} ({layer}) imports {name}")
            else:
                # cli, app and __main__ sit above every layer.
                raise AssertionError(f"{path.relative_to(PACKAGE)} imports the entry module {name}")
        else:
            for forbidden in FORBIDDEN_EXTERNAL[layer]:
                assert name != forbidden and not name.startswith(forbidden + "."), (
                    f"{path.relative_to(PACKAGE)} ({layer}) imports {name}")


def test_every_layer_has_modules() -> None:
    for layer in ALLOWED_LAYERS:
        assert list((PACKAGE / layer).glob("*.py")), f"layer {layer} has no modules"


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport sqlite3\n")
    assert "PySide6.QtWidgets" in _imports(bad)
    assert "sqlite3" in _imports(bad)

