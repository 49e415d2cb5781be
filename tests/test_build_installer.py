"""build_installer.py's pure parts: version, hidden imports, PyInstaller arguments, packaging."""

from __future__ import annotations

import configparser
import struct
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build_installer as bi  # noqa: E402
from cutover_desktop import __version__  # noqa: E402
from cutover_desktop.domain import features  # noqa: E402
from cutover_desktop.services import import_files  # noqa: E402
from cutover_desktop.storage import schema  # noqa: E402


def test_the_version_is_the_package_version() -> None:
    assert bi.read_version() == __version__


def test_a_file_without_a_version_stops_the_build(tmp_path: Path) -> None:
    init = tmp_path / "__init__.py"
    init.write_text('APP_NAME = "x"\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="__version__"):
        bi.read_version(init)
    init.write_text('__version__ = "one point oh"\n', encoding="utf-8")
    with pytest.raises(SystemExit):
        bi.read_version(init)
    init.write_text('__version__ = "2.1.0rc1"\n', encoding="utf-8")
    assert bi.read_version(init) == "2.1.0rc1"


def test_every_module_imported_by_name_is_a_hidden_import() -> None:
    hidden = set(bi.dotted_imports())
    by_name = {*features.FEATURE_MODULES, *features.FEATURE_MODULES_IF_USED,
               *schema.FEATURE_MODULES, *schema.FEATURE_MODULES_IF_USED,
               *import_files.IMPORTER_MODULES}
    assert by_name <= hidden
    # Only real modules of the package, not any dotted-looking text.
    assert all(bi.module_exists(name) for name in hidden)


def test_dotted_names_are_found_wherever_they_are_written(tmp_path: Path) -> None:
    package = tmp_path / "cutover_desktop"
    (package / "extra").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "extra" / "__init__.py").write_text("", encoding="utf-8")
    (package / "extra" / "plugin.py").write_text("", encoding="utf-8")
    (package / "loader.py").write_text(
        'import importlib\nNAMES = ("cutover_desktop.extra.plugin",)\n'
        'NOT_A_MODULE = "cutover_desktop.extra.missing"\n', encoding="utf-8")
    assert bi.dotted_imports(package) == ["cutover_desktop.extra.plugin"]


def args_for(platform: str, **overrides: object) -> list[str]:
    options: dict[str, object] = dict(
        platform=platform, version="1.2.3", hidden=["cutover_desktop.domain.signoff"],
        datas=[(ROOT / "resources", "resources")], icon=bi.icon_for(platform),
        dist=ROOT / "dist", work=ROOT / "build" / "pyinstaller",
        entry=ROOT / "cutover_desktop" / "__main__.py")
    options.update(overrides)
    return bi.pyinstaller_args(**options)  # type: ignore[arg-type]


def option_values(args: list[str], option: str) -> list[str]:
    return [args[i + 1] for i, arg in enumerate(args) if arg == option]


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_one_folder_windowed_with_resources_and_hidden_imports(platform: str) -> None:
    args = args_for(platform)
    assert "--onedir" in args and "--windowed" in args and "--onefile" not in args
    assert args[-1].endswith("__main__.py")
    assert option_values(args, "--hidden-import") == ["cutover_desktop.domain.signoff"]
    assert f"{ROOT / 'resources'}{bi.os.pathsep}resources" in option_values(args, "--add-data")


def test_the_icon_suits_each_platform() -> None:
    assert option_values(args_for("win32"), "--icon")[0].endswith(".ico")
    assert option_values(args_for("darwin"), "--icon")[0].endswith(".icns")
    assert option_values(args_for("linux"), "--icon") == []  # Linux: the .desktop file's icon
    assert option_values(args_for("darwin"), "--name") == [bi.MAC_APP_NAME]
    assert option_values(args_for("linux"), "--name") == ["cutover-desktop"]
    assert "--strip" in args_for("linux", strip=True) and "--strip" not in args_for("linux")
    assert "--strip" not in args_for("win32", strip=True)


def test_the_icon_files_are_what_they_claim() -> None:
    ico = (ROOT / "resources" / "icons" / "cutover-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 4
    icns = (ROOT / "resources" / "icons" / "cutover-desktop.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_ico_and_icns_are_built_from_pngs() -> None:
    png = b"\x89PNG\r\n\x1a\nfake"
    ico = bi.ico_bytes([(256, png), (16, png)])
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 2)
    first = struct.unpack("<BBBBHHII", ico[6:22])
    second = struct.unpack("<BBBBHHII", ico[22:38])
    assert first[0] == 16 and second[0] == 0          # 0 stands for 256
    assert ico[first[7]:first[7] + first[6]] == png
    icns = bi.icns_bytes([(32, png), (1000, png)])   # a size with no icns type is left out
    assert icns[8:12] == b"icp5" and len(icns) == 8 + 8 + len(png)


def test_unused_qt_modules_are_left_out_and_used_ones_are_not() -> None:
    excluded = set(option_values(args_for("linux"), "--exclude-module"))
    for module in ("QtQml", "QtQuick", "QtWebEngineCore", "QtMultimedia", "Qt3DCore",
                   "QtNetwork", "QtSql", "QtDesigner"):
        assert f"PySide6.{module}" in excluded
    used = {line.split("PySide6.")[1].split()[0].strip(",")
            for path in (ROOT / "cutover_desktop").rglob("*.py")
            for line in path.read_text(encoding="utf-8").splitlines()
            if "from PySide6." in line and " import " in line}
    assert used and not {f"PySide6.{m}" for m in used} & excluded
    assert "tkinter" in excluded


@pytest.mark.parametrize(("platform", "tools", "kind"), [
    ("linux", {"makensis"}, "tar.gz"),
    ("darwin", set(), "app-zip"),
    ("win32", {"iscc", "makensis"}, "inno"),
    ("win32", {"makensis"}, "nsis"),
    ("win32", set(), "zip"),
    ("freebsd13", set(), "zip"),
])
def test_packaging_follows_the_platform_and_the_tools_present(
        platform: str, tools: set[str], kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bi, "_inno_default", lambda: None)
    assert bi.choose_packaging(platform, lambda name: name if name in tools else None) == kind


def test_the_desktop_file_opens_cutover_plans() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read_string(bi.desktop_entry())
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"].endswith("%f")
    assert bi.MIME_TYPE in section["MimeType"].split(";")
    mime = ET.fromstring(bi.mime_package())
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    kind = mime.find(f"{ns}mime-type")
    assert kind is not None and kind.get("type") == bi.MIME_TYPE
    assert kind.find(f"{ns}glob").get("pattern") == "*.cutover"  # type: ignore[union-attr]


def test_the_linux_package_holds_the_bundle_and_its_menu_entry(tmp_path: Path) -> None:
    bundle = tmp_path / "cutover-desktop"
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "cutover-desktop"
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    icon = ROOT / "resources" / "icons" / "cutover-desktop-256.png"
    archive = bi.package_linux(bundle, tmp_path, "1.2.3", icon)
    assert archive.name.startswith("cutover-desktop-1.2.3-linux-")
    with tarfile.open(archive) as tar:
        members = {Path(m.name).name: m for m in tar.getmembers()}
    for name in ("cutover-desktop", "cutover-desktop.desktop", "cutover-desktop-mime.xml",
                 "install.sh", "README.txt", "cutover-desktop.png"):
        assert name in members, name
    assert members["cutover-desktop"].mode & 0o111 and members["install.sh"].mode & 0o111


def test_the_windows_installers_make_a_menu_entry_and_the_association(tmp_path: Path) -> None:
    bundle = tmp_path / "dist" / "cutover-desktop"
    for script in (bi.inno_script("1.2.3", bundle, tmp_path, None),
                   bi.nsis_script("1.2.3", bundle, tmp_path, None)):
        assert "1.2.3" in script and str(bundle) in script
        assert "Software\\Classes\\.cutover" in script
        assert "CutoverDesktop.Plan" in script and "%1" in script
        assert "Cutover Desktop" in script
    inno = bi.inno_script("1.2.3", bundle, tmp_path, None)
    assert "{group}\\Cutover Desktop" in inno and "PrivilegesRequired=lowest" in inno
    assert "AppId={{7E1C5D2A-" in inno   # Inno's escaped brace, a real GUID
    assert "$SMPROGRAMS" in bi.nsis_script("1.2.3", bundle, tmp_path, None)


def test_only_english_qt_translations_stay(tmp_path: Path) -> None:
    folder = tmp_path / "_internal" / "PySide6" / "Qt" / "translations"
    folder.mkdir(parents=True)
    for name in ("qtbase_en.qm", "qtbase_de.qm", "qt_fr.qm", "qt_en.qm"):
        (folder / name).write_bytes(b"")
    removed = bi.prune_bundle(tmp_path)
    assert sorted(p.name for p in removed) == ["qt_fr.qm", "qtbase_de.qm"]
    assert sorted(p.name for p in folder.iterdir()) == ["qt_en.qm", "qtbase_en.qm"]


def test_bundled_modules_are_read_from_pyinstallers_table(tmp_path: Path) -> None:
    (tmp_path / "PYZ-00.toc").write_text(
        "('/x/PYZ-00.pyz',\n [('cutover_desktop.domain.signoff',\n   '/x/signoff.py',\n"
        "   'PYMODULE'),\n  ('json', '/usr/lib/json/__init__.py', 'PYMODULE')])\n",
        encoding="utf-8")
    assert {"cutover_desktop.domain.signoff", "json"} <= (bi.bundled_modules(tmp_path) or set())
    assert bi.bundled_modules(tmp_path / "empty") is None


def test_the_smoke_test_fails_a_program_that_does_not_pass(tmp_path: Path) -> None:
    fake = tmp_path / "fake"
    fake.write_text("#!/bin/sh\necho 'Traceback: no module named x' >&2\nexit 1\n",
                    encoding="utf-8")
    fake.chmod(0o755)
    result = bi.smoke_test(fake)
    assert not result.passed and "no module named x" in result.output
    good = tmp_path / "good"
    good.write_text("#!/bin/sh\necho 'cutover-desktop 1: smoke test passed, 77 tasks'\n",
                    encoding="utf-8")
    good.chmod(0o755)
    assert bi.smoke_test(good).passed
    assert not bi.smoke_test(tmp_path / "missing").passed


def test_the_bundle_is_built_with_a_pyside6_the_project_allows() -> None:
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pyside = next(Requirement(line) for line in project["project"]["dependencies"]
                  if line.startswith("PySide6-Essentials"))
    assert bi.BUNDLED_PYSIDE in pyside.specifier
    assert "6.12.0" not in pyside.specifier
