"""Builds the program into something a practice manager double-clicks: bundle, smoke test, package.

    python build_installer.py              # bundle, smoke test, package for this platform
    python build_installer.py --no-package # bundle and smoke test only
    python build_installer.py --icons      # redraw resources/icons/* from the SVG (needs Qt)

Steps (habit 14 in shared/style.md): read the version from cutover_desktop/__init__.py; run
PyInstaller (one folder, windowed, the app icon, resources/ and the user guide bundled, the
feature modules that are imported by dotted name listed as hidden imports, unused Qt modules
left out); run the built program's --smoke-test offscreen and stop if it fails; then package
for the platform it runs on: a tar.gz with a .desktop file on Linux, an Inno Setup or NSIS
installer on Windows (a zip when neither is installed), the .app zipped on macOS.

Only the standard library is needed to run this file: PyInstaller and Qt run in the project's
interpreter (the .venv beside this file when the running Python lacks PySide6).
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PACKAGE = "cutover_desktop"
BUNDLE_NAME = "cutover-desktop"            # the executable and the folder in dist/
MAC_APP_NAME = "Cutover Desktop"
BUNDLE_ID = "org.cutover-desktop.planner"
MIME_TYPE = "application/x-cutover-plan"
PLAN_SUFFIX = ".cutover"
ICON_SVG = ROOT / "resources" / "icons" / "cutover-desktop.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SMOKE_TIMEOUT = 180

# Qt modules the program never imports (it uses QtCore, QtGui, QtWidgets, QtPrintSupport).
# PySide6-Essentials installs several of these; the rest are listed so that a full PySide6
# install does not swell the bundle either. Each excluded module takes its Qt libraries and
# plugins (QML tooling, for one) with it.
EXCLUDED_QT_MODULES: tuple[str, ...] = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization",
    "QtDBus", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer",
    "QtLabsStyleKit", "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork",
    "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets",
    "QtPositioning", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuick3D", "QtQuickControls2",
    "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors",
    "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets",
    "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)
# Python modules a desktop program has no use for, which PyInstaller would otherwise follow.
EXCLUDED_PY_MODULES: tuple[str, ...] = ("tkinter", "pytest", "hypothesis", "mypy", "ruff",
                                        "IPython", "pydoc_data")
# The Qt bindings the bundle is built with: a release pyproject.toml allows (6.12.0 is excluded,
# it drops references to None and True on void calls under Python 3.11).
BUNDLED_PYSIDE = "6.11.3"
# Qt translations other than English are dropped: the program's own text is English only.
KEEP_TRANSLATIONS = ("qtbase_en", "qt_en")


# Reading the project


def read_metadata(init_file: Path = ROOT / PACKAGE / "__init__.py") -> dict[str, str]:
    """The module-level string constants of the package (__version__, APP_NAME ...)."""
    tree = ast.parse(init_file.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def read_version(init_file: Path = ROOT / PACKAGE / "__init__.py") -> str:
    version = read_metadata(init_file).get("__version__")
    if not version or not re.fullmatch(r"\d+(\.\d+)*([abc]|rc|\.dev|\.post)?\d*", version):
        raise SystemExit(f"No usable __version__ in {init_file}: {version!r}")
    return version


def module_exists(name: str, root: Path = ROOT) -> bool:
    parts = name.split(".")
    base = root.joinpath(*parts)
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def dotted_imports(package_dir: Path = ROOT / PACKAGE) -> list[str]:
    """Modules of the package named as strings in its source (imported with importlib).

    PyInstaller follows `import` statements only, so the feature modules listed in
    domain/features.py, storage/schema.py and services/import_files.py would be left out of
    the bundle. Any string constant that is the dotted name of one of our modules counts.
    """
    pattern = re.compile(rf"^{PACKAGE}(\.[A-Za-z_]\w*)+$")
    found: set[str] = set()
    for source in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and pattern.match(node.value) and module_exists(node.value, package_dir.parent):
                found.add(node.value)
    return sorted(found)


# PyInstaller


def icon_for(platform: str, icons: Path = ROOT / "resources" / "icons") -> Path | None:
    """The icon file PyInstaller takes on this platform (Linux has none in the executable)."""
    name = {"win32": "cutover-desktop.ico", "darwin": "cutover-desktop.icns"}.get(platform)
    if name is None:
        return None
    path = icons / name
    return path if path.exists() else None


def data_files(root: Path = ROOT) -> list[tuple[Path, str]]:
    """(source, folder in the bundle): resources/ whole, and the guide from docs/."""
    items = [(root / "resources", "resources")]
    guide = root / "docs" / "user-guide.md"
    if guide.exists():
        items.append((guide, "resources/guide"))
    shots = root / "docs" / "screenshots"
    if shots.is_dir() and any(shots.glob("*.png")):
        items.append((shots, "resources/guide/screenshots"))
    return items


def pyinstaller_args(*, platform: str, version: str, hidden: Sequence[str],
                     datas: Sequence[tuple[Path, str]], icon: Path | None,
                     dist: Path, work: Path, entry: Path, clean: bool = False,
                     strip: bool = False) -> list[str]:
    """The PyInstaller command line (after `python -m PyInstaller`)."""
    name = MAC_APP_NAME if platform == "darwin" else BUNDLE_NAME
    args = ["--noconfirm", "--onedir", "--windowed", "--name", name,
            "--distpath", str(dist), "--workpath", str(work), "--specpath", str(work),
            "--log-level", "WARN", "--noupx"]
    if clean:
        args.append("--clean")
    if icon is not None:
        args += ["--icon", str(icon)]
    if strip and platform.startswith("linux"):
        args.append("--strip")  # symbols off the shared libraries: a fifth smaller
    if platform == "darwin":
        args += ["--osx-bundle-identifier", BUNDLE_ID]
    for source, target in datas:
        args += ["--add-data", f"{source}{os.pathsep}{target}"]
    for module in hidden:
        args += ["--hidden-import", module]
    for module in EXCLUDED_QT_MODULES:
        args += ["--exclude-module", f"PySide6.{module}"]
    for module in EXCLUDED_PY_MODULES:
        args += ["--exclude-module", module]
    args.append(str(entry))
    return args


def bundle_paths(platform: str, dist: Path) -> tuple[Path, Path]:
    """(what gets packaged, the executable inside it)."""
    if platform == "darwin":
        app = dist / f"{MAC_APP_NAME}.app"
        return app, app / "Contents" / "MacOS" / MAC_APP_NAME
    folder = dist / BUNDLE_NAME
    exe = folder / (BUNDLE_NAME + (".exe" if platform == "win32" else ""))
    return folder, exe


def prune_bundle(folder: Path) -> list[Path]:
    """Remove what PyInstaller's Qt hook adds that the program cannot use: other languages'
    Qt translations. Returns what was removed."""
    removed = []
    for translations in folder.rglob("translations"):
        if not translations.is_dir() or "PySide6" not in translations.parts:
            continue
        for item in translations.glob("*.qm"):
            if not item.name.startswith(KEEP_TRANSLATIONS):
                item.unlink()
                removed.append(item)
    return removed


def bundled_modules(work: Path) -> set[str] | None:
    """Module names PyInstaller put in the bundle's archive, from its table of contents."""
    tocs = sorted(work.rglob("PYZ-*.toc"))
    if not tocs:
        return None
    names: set[str] = set()
    for toc in tocs:
        names |= set(re.findall(r"\(\s*'([\w.]+)'\s*,", toc.read_text(encoding="utf-8")))
    return names


# Smoke test


@dataclass(frozen=True)
class SmokeResult:
    passed: bool
    output: str
    seconds: float


def smoke_test(exe: Path, timeout: float = SMOKE_TIMEOUT) -> SmokeResult:
    """Run the built program's --smoke-test offscreen, with a throwaway data folder."""
    with tempfile.TemporaryDirectory(prefix="cutover-smoke-") as data:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CUTOVER_DESKTOP_DATA_DIR": data}
        started = time.perf_counter()
        try:
            result = subprocess.run([str(exe), "--smoke-test"], capture_output=True, text=True,
                                    env=env, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return SmokeResult(False, str(exc), time.perf_counter() - started)
        seconds = time.perf_counter() - started
    output = (result.stdout + result.stderr).strip()
    passed = result.returncode == 0 and "smoke test passed" in result.stdout
    return SmokeResult(passed, output, seconds)


# Packaging


def choose_packaging(platform: str, which: Callable[[str], str | None] = shutil.which) -> str:
    """The package made on a platform: 'tar.gz', 'inno', 'nsis', 'zip' or 'app-zip'."""
    if platform.startswith("linux"):
        return "tar.gz"
    if platform == "darwin":
        return "app-zip"
    if platform == "win32":
        if which("iscc") or which("ISCC") or _inno_default() is not None:
            return "inno"
        if which("makensis"):
            return "nsis"
        return "zip"
    return "zip"


def _inno_default() -> str | None:
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").exists():
            return str(Path(base) / "Inno Setup 6" / "ISCC.exe")
    return None


def machine_name() -> str:
    import platform as platform_module

    return {"amd64": "x86_64", "x86_64": "x86_64", "arm64": "arm64",
            "aarch64": "aarch64"}.get(platform_module.machine().lower(),
                                       platform_module.machine().lower() or "unknown")


def desktop_entry(exec_path: str = BUNDLE_NAME, icon: str = BUNDLE_NAME) -> str:
    """The freedesktop .desktop file: a menu entry that also opens .cutover plans."""
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        "Name=Cutover Desktop",
        "GenericName=Clinical system migration planner",
        "Comment=Plan a GP practice's move from one clinical system to another",
        f"Exec={exec_path} %f",
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Office;ProjectManagement;",
        f"MimeType={MIME_TYPE};",
        "StartupWMClass=cutover-desktop",
        "",
    ])


def mime_package() -> str:
    """shared-mime-info XML: *.cutover files are cut-over plans (SQLite underneath)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>Cut-over plan</comment>
    <sub-class-of type="application/vnd.sqlite3"/>
    <glob pattern="*{PLAN_SUFFIX}" weight="80"/>
    <icon name="{BUNDLE_NAME}"/>
  </mime-type>
</mime-info>
"""


LINUX_INSTALL_SCRIPT = """#!/bin/sh
# Installs Cutover Desktop for this user: the program under ~/.local/opt, a menu entry,
# its icon, and .cutover files opening in it. Run again to update; ./install.sh --remove
# takes it away again (your plans and backups in ~/.local/share/cutover-desktop stay).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
target=$HOME/.local/opt/cutover-desktop
if [ "${1:-}" = "--remove" ]; then
  rm -rf "$target" "$data/applications/cutover-desktop.desktop" \\
    "$data/icons/hicolor/256x256/apps/cutover-desktop.png" \\
    "$data/mime/packages/cutover-desktop.xml"
else
  mkdir -p "$target" "$data/applications" "$data/icons/hicolor/256x256/apps" \\
    "$data/mime/packages"
  rm -rf "$target/_internal"
  cp -R "$here/cutover-desktop" "$here/_internal" "$target/"
  cp "$here/cutover-desktop.png" "$data/icons/hicolor/256x256/apps/cutover-desktop.png"
  cp "$here/cutover-desktop-mime.xml" "$data/mime/packages/cutover-desktop.xml"
  sed "s|^Exec=.*|Exec=\\"$target/cutover-desktop\\" %f|" "$here/cutover-desktop.desktop" \\
    > "$data/applications/cutover-desktop.desktop"
fi
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null 2>&1 \\
  && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 \\
  && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
if [ "${1:-}" = "--remove" ]; then
  echo "Cutover Desktop removed. Your plans and backups were left where they are."
else
  echo "Cutover Desktop installed in $target; it is in the Office menu."
fi
"""


def glibc_version() -> str:
    import platform as platform_module

    library, found = platform_module.libc_ver()
    return found if library == "glibc" and found else "of the build machine"


def linux_readme(version: str) -> str:
    needs = f"{machine_name()}, glibc {glibc_version()} or newer"
    return f"""Cutover Desktop {version} for Linux ({needs})

Run it from this folder:       ./cutover-desktop
Install it in the menu:        ./install.sh        (for this user; no administrator needed)
Remove it again:               ./install.sh --remove

install.sh copies the program to ~/.local/opt/cutover-desktop, adds a menu entry
(cutover-desktop.desktop), and makes .cutover files open in it
(cutover-desktop-mime.xml, type {MIME_TYPE}).

Plans, backups and the log file live in ~/.local/share/cutover-desktop
(Help > About in the program shows the exact folders).
The user guide is under Help > User guide (F1).
"""


def package_linux(bundle: Path, out_dir: Path, version: str, icon_png: Path) -> Path:
    """A tar.gz of the bundle with a .desktop file, the MIME type, the icon and install.sh."""
    stem = f"{BUNDLE_NAME}-{version}-linux-{machine_name()}"
    archive = out_dir / f"{stem}.tar.gz"
    extras = {
        "cutover-desktop.desktop": (desktop_entry(), 0o755),
        "cutover-desktop-mime.xml": (mime_package(), 0o644),
        "install.sh": (LINUX_INSTALL_SCRIPT, 0o755),
        "README.txt": (linux_readme(version), 0o644),
    }
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=stem)
        for name, (text, mode) in extras.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"{stem}/{name}")
            info.size, info.mode, info.mtime = len(data), mode, int(time.time())
            tar.addfile(info, io.BytesIO(data))
        if icon_png.exists():
            tar.add(icon_png, arcname=f"{stem}/cutover-desktop.png")
    return archive


def inno_script(version: str, bundle: Path, out_dir: Path, icon: Path | None) -> str:
    """An Inno Setup script: per-user install, Start-menu entry, .cutover association."""
    setup_icon = f"SetupIconFile={icon}\n" if icon else ""
    return f"""; Cutover Desktop installer (made by build_installer.py; Inno Setup 6)
[Setup]
AppId={{{{7E1C5D2A-4B8F-4D3E-9C61-2F0A8B3D5E47}}
AppName=Cutover Desktop
AppVersion={version}
AppPublisher=cutover-desktop
DefaultDirName={{autopf}}\\Cutover Desktop
DefaultGroupName=Cutover Desktop
DisableProgramGroupPage=yes
; Practice PCs rarely give their users administrator rights: install for this user unless
; the person installing chooses all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
OutputDir={out_dir}
OutputBaseFilename={BUNDLE_NAME}-{version}-windows-setup
{setup_icon}UninstallDisplayIcon={{app}}\\{BUNDLE_NAME}.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "{bundle}\\*"; DestDir: "{{app}}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{{group}}\\Cutover Desktop"; Filename: "{{app}}\\{BUNDLE_NAME}.exe"
Name: "{{group}}\\Uninstall Cutover Desktop"; Filename: "{{uninstallexe}}"

[Registry]
Root: HKA; Subkey: "Software\\Classes\\{PLAN_SUFFIX}"; ValueType: string; ValueName: ""; \
ValueData: "CutoverDesktop.Plan"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\\Classes\\CutoverDesktop.Plan"; ValueType: string; ValueName: ""; \
ValueData: "Cut-over plan"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\\Classes\\CutoverDesktop.Plan\\DefaultIcon"; ValueType: string; \
ValueName: ""; ValueData: "{{app}}\\{BUNDLE_NAME}.exe,0"
Root: HKA; Subkey: "Software\\Classes\\CutoverDesktop.Plan\\shell\\open\\command"; \
ValueType: string; ValueName: ""; ValueData: \"\"\"{{app}}\\{BUNDLE_NAME}.exe\"\" \"\"%1\"\"\"

[Run]
Filename: "{{app}}\\{BUNDLE_NAME}.exe"; Description: "Start Cutover Desktop"; \
Flags: nowait postinstall skipifsilent
"""


def nsis_script(version: str, bundle: Path, out_dir: Path, icon: Path | None) -> str:
    """An NSIS script: per-user install, Start-menu entry, .cutover association, uninstaller."""
    icon_line = f'!define MUI_ICON "{icon}"\n' if icon else ""
    exe = f"{BUNDLE_NAME}.exe"
    return f"""; Cutover Desktop installer (made by build_installer.py; NSIS 3)
Unicode true
!include "MUI2.nsh"
{icon_line}Name "Cutover Desktop {version}"
OutFile "{out_dir}\\{BUNDLE_NAME}-{version}-windows-setup.exe"
; Per-user: practice PCs rarely give their users administrator rights.
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\\Programs\\Cutover Desktop"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "Install"
  SetOutPath "$INSTDIR"
  File /r "{bundle}\\*"
  WriteUninstaller "$INSTDIR\\Uninstall.exe"
  CreateDirectory "$SMPROGRAMS\\Cutover Desktop"
  CreateShortcut "$SMPROGRAMS\\Cutover Desktop\\Cutover Desktop.lnk" "$INSTDIR\\{exe}"
  CreateShortcut "$SMPROGRAMS\\Cutover Desktop\\Uninstall Cutover Desktop.lnk" \
"$INSTDIR\\Uninstall.exe"
  WriteRegStr HKCU "Software\\Classes\\{PLAN_SUFFIX}" "" "CutoverDesktop.Plan"
  WriteRegStr HKCU "Software\\Classes\\CutoverDesktop.Plan" "" "Cut-over plan"
  WriteRegStr HKCU "Software\\Classes\\CutoverDesktop.Plan\\DefaultIcon" "" "$INSTDIR\\{exe},0"
  WriteRegStr HKCU "Software\\Classes\\CutoverDesktop.Plan\\shell\\open\\command" "" \
'"$INSTDIR\\{exe}" "%1"'
  WriteRegStr HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\CutoverDesktop" \
"DisplayName" "Cutover Desktop"
  WriteRegStr HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\CutoverDesktop" \
"UninstallString" '"$INSTDIR\\Uninstall.exe"'
  WriteRegStr HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\CutoverDesktop" \
"DisplayVersion" "{version}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  RMDir /r "$INSTDIR"
  RMDir /r "$SMPROGRAMS\\Cutover Desktop"
  DeleteRegKey HKCU "Software\\Classes\\CutoverDesktop.Plan"
  DeleteRegValue HKCU "Software\\Classes\\{PLAN_SUFFIX}" ""
  DeleteRegKey HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\CutoverDesktop"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
"""


def zip_folder(folder: Path, archive: Path) -> Path:
    """Zip a folder (its name kept as the top folder), keeping symbolic links as links."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(folder.rglob("*")):
            name = str(Path(folder.name) / path.relative_to(folder))
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.create_system = 3
                info.external_attr = (0o120777 << 16)
                out.writestr(info, os.readlink(path))
            elif path.is_file():
                out.write(path, name)
    return archive


def package(kind: str, bundle: Path, out_dir: Path, version: str,
            run: Callable[[list[str]], None]) -> Path:
    icons = ROOT / "resources" / "icons"
    if kind == "tar.gz":
        return package_linux(bundle, out_dir, version, icons / "cutover-desktop-256.png")
    if kind == "inno":
        script = out_dir / "cutover-desktop.iss"
        script.write_text(inno_script(version, bundle, out_dir, icon_for("win32")),
                          encoding="utf-8")
        run([shutil.which("iscc") or _inno_default() or "iscc", str(script)])
        return out_dir / f"{BUNDLE_NAME}-{version}-windows-setup.exe"
    if kind == "nsis":
        script = out_dir / "cutover-desktop.nsi"
        script.write_text(nsis_script(version, bundle, out_dir, icon_for("win32")),
                          encoding="utf-8")
        run(["makensis", "/V2", str(script)])
        return out_dir / f"{BUNDLE_NAME}-{version}-windows-setup.exe"
    if kind == "app-zip":
        archive = out_dir / f"{BUNDLE_NAME}-{version}-macos.zip"
        if shutil.which("ditto"):
            run(["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(bundle),
                 str(archive)])
            return archive
        return zip_folder(bundle, archive)
    archive = out_dir / f"{BUNDLE_NAME}-{version}-{sys.platform}-{machine_name()}.zip"
    return zip_folder(bundle, archive)


# Icons


def ico_bytes(pngs: Iterable[tuple[int, bytes]]) -> bytes:
    """A Windows .ico holding PNG images (Windows Vista and later read these)."""
    images = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        side = 0 if size >= 256 else size        # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def icns_bytes(pngs: Iterable[tuple[int, bytes]]) -> bytes:
    """A macOS .icns holding PNG images of the sizes it has types for."""
    body = b""
    for size, data in sorted(pngs):
        kind = ICNS_TYPES.get(size)
        if kind is not None:
            body += kind + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_icons(svg: Path = ICON_SVG) -> list[Path]:
    """Draw the SVG at every size with Qt, then write the .png, .ico and .icns files."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG.")
    pngs: list[tuple[int, bytes]] = []
    written = []
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        pngs.append((size, bytes(data.data())))
        if size in (16, 32, 48, 64, 128, 256, 512):
            path = svg.with_name(f"{svg.stem}-{size}.png")
            path.write_bytes(bytes(data.data()))
            written.append(path)
    ico = svg.with_suffix(".ico")
    ico.write_bytes(ico_bytes([(s, d) for s, d in pngs if s <= 256]))
    icns = svg.with_suffix(".icns")
    icns.write_bytes(icns_bytes(pngs))
    return [*written, ico, icns]


# Running it all


def project_python() -> Path:
    """The interpreter that has the project's packages: this one, or the .venv beside it."""
    probe = subprocess.run([sys.executable, "-c", "import PySide6, sqlite_utils, platformdirs"],
                           capture_output=True)
    if probe.returncode == 0:
        return Path(sys.executable)
    for candidate in (ROOT / ".venv" / "bin" / "python", ROOT / ".venv" / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    raise SystemExit("No Python with PySide6 found: run the Quick start first "
                     "(python3 -m venv .venv && .venv/bin/pip install -e .).")


def ensure_pyinstaller(python: Path) -> None:
    if subprocess.run([str(python), "-c", "import PyInstaller"], capture_output=True).returncode:
        print("Installing PyInstaller (the project's optional 'build' extra) ...", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "pyinstaller>=6.0"],
                       check=True)


def ensure_bundled_pyside(python: Path) -> None:
    """Build with the pinned PySide6, whatever the development environment has."""
    probe = subprocess.run([str(python), "-c", "import PySide6; print(PySide6.__version__)"],
                           capture_output=True, text=True)
    if probe.stdout.strip() != BUNDLED_PYSIDE:
        print(f"Installing PySide6-Essentials {BUNDLED_PYSIDE} for the bundle ...", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q",
                        f"PySide6-Essentials=={BUNDLED_PYSIDE}", f"shiboken6=={BUNDLED_PYSIDE}"],
                       check=True)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, cwd=ROOT)


def build(*, make_package: bool = True, clean: bool = False, dist: Path = ROOT / "dist",
          work: Path = ROOT / "build" / "pyinstaller") -> int:
    platform = sys.platform
    version = read_version()
    python = project_python()
    timings: list[tuple[str, float]] = []
    started = time.perf_counter()
    print(f"Building {BUNDLE_NAME} {version} for {platform} with {python}", flush=True)
    ensure_pyinstaller(python)
    ensure_bundled_pyside(python)
    hidden = dotted_imports()
    print(f"Hidden imports (modules imported by name): {', '.join(hidden)}", flush=True)
    args = pyinstaller_args(platform=platform, version=version, hidden=hidden,
                            datas=data_files(), icon=icon_for(platform), dist=dist, work=work,
                            entry=ROOT / PACKAGE / "__main__.py", clean=clean,
                            strip=shutil.which("strip") is not None)
    step = time.perf_counter()
    _run([str(python), "-m", "PyInstaller", *args])
    timings.append(("PyInstaller", time.perf_counter() - step))
    bundle, exe = bundle_paths(platform, dist)
    removed = prune_bundle(bundle)
    missing = [m for m in hidden if m not in (bundled_modules(work) or set(hidden))]
    if missing:
        print(f"BUILD FAILED: the bundle lacks {', '.join(missing)}.", file=sys.stderr)
        return 1
    print(f"Bundle: {bundle} ({megabytes(folder_size(bundle))}; "
          f"{len(removed)} unused Qt translations left out)", flush=True)
    smoke = smoke_test(exe)
    timings.append(("Smoke test", smoke.seconds))
    if not smoke.passed:
        print(f"BUILD FAILED: the built program's smoke test did not pass:\n{smoke.output}",
              file=sys.stderr)
        return 1
    summary = next(line for line in smoke.output.splitlines() if "smoke test passed" in line)
    print(f"Smoke test ({smoke.seconds:.1f} s): {summary}", flush=True)
    if make_package:
        kind = choose_packaging(platform)
        step = time.perf_counter()
        made = package(kind, bundle, dist, version, _run)
        timings.append((f"Package ({kind})", time.perf_counter() - step))
        print(f"Package: {made} ({megabytes(made.stat().st_size)})", flush=True)
    timings.append(("Total", time.perf_counter() - started))
    print("  ".join(f"{name}: {seconds:.1f} s" for name, seconds in timings), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-package", action="store_true",
                        help="build and smoke-test the bundle, but make no package")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--icons", action="store_true",
                        help="redraw the icon files from resources/icons/cutover-desktop.svg")
    args = parser.parse_args(argv)
    if args.icons:
        python = project_python()
        if Path(sys.executable) != python:
            return subprocess.run([str(python), __file__, "--icons"]).returncode
        for path in render_icons():
            print(f"Wrote {path.relative_to(ROOT)}")
        return 0
    try:
        return build(make_package=not args.no_package, clean=args.clean)
    except subprocess.CalledProcessError as exc:
        print(f"BUILD FAILED: {' '.join(map(str, exc.cmd))} exited with {exc.returncode}.",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
