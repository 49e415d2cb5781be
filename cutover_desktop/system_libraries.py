"""Before Qt starts on Linux: are the system libraries its X11 (xcb) display plugin needs
installed? Without them Qt aborts with 'could not load the Qt platform plugin "xcb"'; the
program says instead, in one sentence, which Debian packages to install. Qt-free.

A library counts as installed when the dynamic linker can find it: in its cache (what
`ldconfig -p` lists), on LD_LIBRARY_PATH or in the usual library folders."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# What Qt 6's xcb plugin (libqxcb.so and libQt6XcbQpa.so.6) loads, beyond Qt itself and the C
# runtime, with the Debian/Ubuntu package that provides each.
XCB_LIBRARIES: Mapping[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
}


# Debian's folder for this machine's libraries ("x86_64-linux-gnu"); sysconfig would say so
# too, but loading it costs 2 ms of every start. A library not found in these folders is
# still looked for in the linker's cache.
_MULTIARCH_OF = {"armv7l": "arm-linux-gnueabihf", "armv6l": "arm-linux-gnueabihf",
                 "i686": "i386-linux-gnu", "i586": "i386-linux-gnu",
                 "ppc64le": "powerpc64le-linux-gnu"}
_MACHINE = os.uname().machine if hasattr(os, "uname") else ""
_MULTIARCH = _MULTIARCH_OF.get(_MACHINE, f"{_MACHINE}-linux-gnu") if _MACHINE else ""
LIBRARY_DIRS = tuple(Path(d) for d in (
    f"/lib/{_MULTIARCH}", f"/usr/lib/{_MULTIARCH}", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
    "/usr/local/lib") if not d.endswith("/"))


@functools.cache
def _linker_cache() -> frozenset[str]:
    """The library names in the dynamic linker's cache; empty when ldconfig cannot say."""
    import subprocess  # only when a library is not in the usual folders

    for ldconfig in ("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            listed = subprocess.run([ldconfig, "-p"], capture_output=True, text=True,
                                    timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if listed.returncode == 0:
            # "\tlibxcb.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb.so.1"
            return frozenset(line.split()[0] for line in listed.stdout.splitlines()[1:]
                             if line.strip())
    return frozenset()


def _loadable(soname: str, environ: Mapping[str, str] = os.environ) -> bool:
    # The usual folders first: a look at a few files, where asking ldconfig starts a program.
    extra = [Path(d) for d in environ.get("LD_LIBRARY_PATH", "").split(os.pathsep) if d]
    if any((folder / soname).exists() for folder in (*extra, *LIBRARY_DIRS)):
        return True
    return soname in _linker_cache()


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will try its X11 plugin: on Linux unless another platform is asked for."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    # Qt prefers Wayland in a Wayland session; the xcb check would then be beside the point.
    return not (environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland")


def missing_packages(loadable: Callable[[str], bool] = _loadable) -> list[str]:
    """The Debian packages whose libraries cannot be loaded, without repeats, in order."""
    found: list[str] = []
    for soname, package in XCB_LIBRARIES.items():
        if not loadable(soname) and package not in found:
            found.append(package)
    return found


def missing_message(packages: list[str]) -> str:
    names = " ".join(packages)
    return (f"The window cannot open because this computer lacks system packages that Qt "
            f"needs to draw it; install them with: sudo apt install {names}")


def check_display_libraries(environ: Mapping[str, str] = os.environ,
                            loadable: Callable[[str], bool] = _loadable) -> str | None:
    """One sentence naming the packages to install, or None when nothing is missing."""
    if not uses_xcb(environ):
        return None
    packages = missing_packages(loadable)
    return missing_message(packages) if packages else None
