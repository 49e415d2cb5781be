"""The layers of design.md §3, checked by reading every module's imports."""

from __future__ import annotations

import ast
import functools
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


@functools.cache  # every module is read by several checks
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


def _storage_names(path: Path) -> set[str]:
    """The names a module binds by importing them from the storage layer."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "cutover_desktop.storage"):
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def _exported(path: Path) -> set[str]:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return {e.value for e in ast.walk(node.value)
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def storage_reexports(package: Path) -> list[str]:
    """Storage names a services module passes on: listed in its __all__, or imported from it
    by any module outside services and storage (the window and the command line)."""
    services = {f"cutover_desktop.services.{p.stem}": _storage_names(p)
                for p in sorted((package / "services").glob("*.py"))}
    problems = [f"services/{module.rsplit('.', 1)[1]}.py exports the storage name {name}"
                for module, names in services.items()
                for name in sorted(names & _exported(package / "services" /
                                                     f"{module.rsplit('.', 1)[1]}.py"))]
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] in ("services", "storage"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in services:
                leaked = {a.name for a in node.names} & services[node.module]
                problems += [f"{path.relative_to(package)} takes the storage name {name} "
                             f"from {node.module}" for name in sorted(leaked)]
    return problems


def test_services_pass_on_no_storage_names() -> None:
    assert storage_reexports(PACKAGE) == []


def test_the_check_catches_a_storage_name_passed_through_services(tmp_path: Path) -> None:
    (tmp_path / "services").mkdir()
    (tmp_path / "ui").mkdir()
    (tmp_path / "services" / "leaky.py").write_text(
        "from cutover_desktop.storage.backups import Backup, list_backups\n"
        "__all__ = ['list_backups']\n")
    (tmp_path / "ui" / "view.py").write_text(
        "from cutover_desktop.services.leaky import Backup\n")
    assert storage_reexports(tmp_path) == [
        "services/leaky.py exports the storage name list_backups",
        "ui/view.py takes the storage name Backup from cutover_desktop.services.leaky",
    ]


ARCHITECTURE_DOC = PACKAGE.parent / "docs" / "architecture.md"


def documented_layers(text: str) -> dict[str, set[str]]:
    """The layer table of docs/architecture.md: layer -> the layers it may import."""
    found: dict[str, set[str]] = {}
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] in ("Layer", "") or set(cells[0]) <= {"-", " "}:
            continue
        found[cells[0]] = {name.strip() for name in cells[1].split(",")
                           if name.strip() and name.strip() != "(none)"}
    return found


def _allowed_others() -> dict[str, set[str]]:
    return {layer: allowed - {layer} for layer, allowed in ALLOWED_LAYERS.items()}


def test_the_architecture_doc_shows_the_layers_the_test_enforces() -> None:
    assert documented_layers(ARCHITECTURE_DOC.read_text(encoding="utf-8")) == _allowed_others()


def test_the_doc_check_catches_a_table_out_of_date() -> None:
    text = ARCHITECTURE_DOC.read_text(encoding="utf-8")
    stale = text.replace("| ui | domain, services, reports, printing |",
                         "| ui | domain, services, reports, printing, storage |")
    assert stale != text
    assert documented_layers(stale) != _allowed_others()


def test_every_layer_has_modules() -> None:
    for layer in ALLOWED_LAYERS:
        assert list((PACKAGE / layer).glob("*.py")), f"layer {layer} has no modules"


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport sqlite3\n")
    assert "PySide6.QtWidgets" in _imports(bad)
    assert "sqlite3" in _imports(bad)



def ctypes_users(package: Path) -> list[str]:
    """Modules that import ctypes: the package reaches the system through kept libraries."""
    return [str(path.relative_to(package)) for path in sorted(package.rglob("*.py"))
            if any(name == "ctypes" or name.startswith("ctypes.") for name in _imports(path))]


def test_no_module_imports_ctypes() -> None:
    assert ctypes_users(PACKAGE) == []


def test_the_check_catches_ctypes_even_inside_a_function(tmp_path: Path) -> None:
    (tmp_path / "storage").mkdir()
    (tmp_path / "storage" / "lock.py").write_text(
        "def alive(pid):\n    import ctypes.wintypes\n    return bool(pid)\n")
    (tmp_path / "clean.py").write_text("import os\n")
    assert ctypes_users(tmp_path) == [str(Path("storage") / "lock.py")]
