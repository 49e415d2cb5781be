"""PySide6's own Python files, unpacked once so that a start need not compile them.

PySide6 keeps the Python half of its bindings (13 modules of signature support) inside its
library and compiles them at every start: about 20 ms, a sixth of what a start on a plan adds
to a bare PySide6 window. When they are unpacked into `shiboken6/files.dir` it loads them as
ordinary modules instead, with byte code cached. Its own switch (`SBK_EMBED=0`) unpacks them,
but writes the files in place, where a program starting at the same moment could read them
half-written; here they are unpacked into a folder beside it that is renamed into place
whole, readable by everyone who uses that PySide6. Done once per PySide6 version, where the
installation can be written to (the virtual environment the Quick start makes). Left as they
are: a frozen bundle, a person who set SBK_EMBED, and a files.dir this program did not make.
pip does not know the folder: upgraded by someone who cannot write it, PySide6 would load
files of the old version, so the folder is set aside before PySide6 loads whenever its
version is not the one installed. Qt-free: it runs before PySide6 is loaded.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

UNPACKED = "files.dir"  # where PySide6 looks (shiboken6's find_incarnated_files)
MARKER = "unpacked-by-cutover-desktop"  # holds the PySide6 version the files came from


def shiboken_folder() -> Path | None:
    """The installed shiboken6 package's folder, found without loading it."""
    spec = importlib.util.find_spec("shiboken6")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).resolve().parent  # as PySide6 finds it


def installed_version(folder: Path) -> str | None:
    """shiboken6's version, from the first lines of its __init__.py."""
    try:
        with (folder / "__init__.py").open(encoding="utf-8") as handle:
            start = handle.read(400)
    except OSError:
        return None
    found = re.search(r'^__version__ = "([^"]+)"', start, re.MULTILINE)
    return found.group(1) if found else None


def _unpacked_for(folder: Path) -> str | None:
    try:
        return (folder / UNPACKED / MARKER).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def unpack_wanted(folder: Path | None = None) -> bool:
    """Before PySide6 is loaded: whether its files should be unpacked once it is.

    Files unpacked for another version are set aside first, as PySide6 would load them.
    """
    if getattr(sys, "frozen", False) or "SBK_EMBED" in os.environ:
        return False
    folder = folder or shiboken_folder()
    if folder is None:
        return False
    version = installed_version(folder)
    unpacked = folder / UNPACKED
    made_for = _unpacked_for(folder)
    if version is None or made_for == version or not os.access(folder, os.W_OK):
        return False
    if made_for is None and unpacked.exists():
        return False  # unpacked by someone else: theirs to look after
    if unpacked.exists():
        import shutil

        aside = folder / f"{UNPACKED}.old-{os.getpid()}"
        try:
            os.rename(unpacked, aside)
        except OSError:
            return False
        shutil.rmtree(aside, ignore_errors=True)
    return True


def unpack(folder: Path | None = None) -> bool:
    """After PySide6 was loaded from inside its library: unpack its files for the next start.
    Returns whether they were unpacked."""
    # Loaded here, where they are needed once (PySide6 has loaded them by now anyway).
    import shutil
    import tempfile
    import zipfile

    loader = getattr(sys.modules.get("shibokensupport"), "__loader__", None)
    archive = getattr(loader, "zfile", None)
    folder = folder or shiboken_folder()
    if not isinstance(archive, zipfile.ZipFile) or folder is None:
        return False
    version = installed_version(folder)
    if version is None:
        return False
    try:
        making = Path(tempfile.mkdtemp(prefix=f"{UNPACKED}.", dir=folder))
    except OSError:
        return False
    try:
        archive.extractall(making, [name for name in archive.namelist()
                                    if name.endswith(".py")])
        (making / MARKER).write_text(version, encoding="utf-8")
        _readable_by_all(making)
        os.rename(making, folder / UNPACKED)  # fails if another start got there first
    except (OSError, zipfile.BadZipFile):
        shutil.rmtree(making, ignore_errors=True)
        return False
    return True


def _readable_by_all(top: Path) -> None:
    """mkdtemp's folder, and what the umask let through, may be its maker's alone; every
    user of this PySide6 must read the files, or PySide6 fails to load for them."""
    top.chmod(0o755)
    for inside in top.rglob("*"):
        inside.chmod(0o755 if inside.is_dir() else 0o644)
