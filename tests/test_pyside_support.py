"""PySide6's own Python files are unpacked once, whole, for the version installed, so that a
start loads them with cached byte code instead of compiling them (see pyside_support)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import pytest

from cutover_desktop import pyside_support

FILES = {"signature_bootstrap.py": "BOOT = 1\n",
         "shibokensupport/__init__.py": "",
         "shibokensupport/feature.py": "FEATURE = 1\n"}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shiboken6 folder of version 6.11.3 whose support was loaded from inside its library."""
    package = tmp_path / "shiboken6"
    package.mkdir()
    (package / "__init__.py").write_text('__version__ = "6.11.3"\n__version_info__ = ()\n')
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("shibokensupport/", "")
        for name, text in FILES.items():
            archive.writestr(name, text)
    support = types.ModuleType("shibokensupport")
    support.__loader__ = types.SimpleNamespace(zfile=zipfile.ZipFile(packed))  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "shibokensupport", support)
    monkeypatch.delenv("SBK_EMBED", raising=False)
    return package


def test_the_files_are_unpacked_whole_once_for_the_version_installed(folder: Path) -> None:
    assert pyside_support.unpack_wanted(folder)
    assert pyside_support.unpack(folder)
    unpacked = folder / "files.dir"
    assert {str(p.relative_to(unpacked)) for p in unpacked.rglob("*.py")} == set(FILES)
    assert (unpacked / "shibokensupport" / "feature.py").read_text() == "FEATURE = 1\n"
    assert (unpacked / pyside_support.MARKER).read_text() == "6.11.3"
    assert not pyside_support.unpack_wanted(folder)
    # Nothing half-made is left beside it.
    assert sorted(p.name for p in folder.iterdir()) == ["__init__.py", "files.dir"]


def test_files_unpacked_for_another_version_are_set_aside_before_pyside_loads(
        folder: Path) -> None:
    assert pyside_support.unpack(folder)
    (folder / "__init__.py").write_text('__version__ = "6.12.0"\n')
    assert pyside_support.unpack_wanted(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["__init__.py"]
    assert pyside_support.unpack(folder)
    assert (folder / "files.dir" / pyside_support.MARKER).read_text() == "6.12.0"


def test_files_unpacked_by_someone_else_are_left_as_they_are(folder: Path) -> None:
    (folder / "files.dir").mkdir()
    (folder / "files.dir" / "theirs.py").write_text("")
    assert not pyside_support.unpack_wanted(folder)
    assert [p.name for p in (folder / "files.dir").iterdir()] == ["theirs.py"]


def test_the_unpacked_files_can_be_read_by_everyone_who_uses_pyside(folder: Path) -> None:
    old_mask = os.umask(0o077)
    try:
        assert pyside_support.unpack(folder)
    finally:
        os.umask(old_mask)
    unpacked = folder / "files.dir"
    modes = {str(p.relative_to(folder)): p.stat().st_mode & 0o777
             for p in (unpacked, *unpacked.rglob("*"))}
    assert modes["files.dir"] == 0o755
    assert modes["files.dir/shibokensupport"] == 0o755
    assert modes["files.dir/shibokensupport/feature.py"] == 0o644
    assert modes["files.dir/signature_bootstrap.py"] == 0o644


def test_a_start_that_comes_second_leaves_the_first_ones_files(folder: Path) -> None:
    (folder / "files.dir").mkdir()
    (folder / "files.dir" / "theirs.py").write_text("")
    assert not pyside_support.unpack(folder)
    assert [p.name for p in (folder / "files.dir").iterdir()] == ["theirs.py"]
    assert sorted(p.name for p in folder.iterdir()) == ["__init__.py", "files.dir"]


def test_a_bundle_or_a_choice_made_with_sbk_embed_is_left_alone(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert not pyside_support.unpack_wanted(folder)
    monkeypatch.delattr(sys, "frozen")
    monkeypatch.setenv("SBK_EMBED", "1")
    assert not pyside_support.unpack_wanted(folder)


def test_nothing_is_unpacked_from_support_already_loaded_from_files(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "shibokensupport", types.ModuleType("shibokensupport"))
    assert not pyside_support.unpack(folder)
    assert not (folder / "files.dir").exists()


# In fresh processes, against the PySide6 installed here.
START = """
import json, sys
from cutover_desktop import pyside_support
wanted = pyside_support.unpack_wanted()
import PySide6.QtWidgets
if wanted:
    pyside_support.unpack()
print(json.dumps(sys.modules["shibokensupport"].__file__))
"""


def test_after_a_start_pyside_loads_its_support_from_the_unpacked_files() -> None:
    env = {key: value for key, value in os.environ.items() if key != "SBK_EMBED"}
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", START], env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
    loaded_from = Path(json.loads(done.stdout.strip().splitlines()[-1]))
    folder = pyside_support.shiboken_folder()
    assert folder is not None
    assert loaded_from.is_relative_to(folder / "files.dir")
    assert (folder / "files.dir" / pyside_support.MARKER).read_text() \
        == pyside_support.installed_version(folder)
