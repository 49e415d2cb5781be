"""A fresh Linux without Qt's X11 libraries gets one sentence naming the packages, not Qt's
abort; and the README lists every package."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cutover_desktop import app
from cutover_desktop.system_libraries import (
    XCB_LIBRARIES,
    check_display_libraries,
    missing_packages,
    uses_xcb,
)

ROOT = Path(__file__).resolve().parent.parent
LACKING = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"}


def _without(names: set[str]):
    return lambda soname: soname not in names


def test_the_missing_packages_are_named_in_one_sentence() -> None:
    message = check_display_libraries({}, _without(LACKING))
    assert message is not None
    assert message.endswith("sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1")
    assert ". " not in message and "\n" not in message  # one sentence


def test_nothing_is_said_when_all_are_there_or_another_platform_is_used() -> None:
    assert check_display_libraries({}, lambda _soname: True) is None
    assert check_display_libraries({"QT_QPA_PLATFORM": "offscreen"}, _without(LACKING)) is None
    assert check_display_libraries({"QT_QPA_PLATFORM": "xcb"}, _without(LACKING)) is not None


def test_only_linux_with_x11_is_checked() -> None:
    assert uses_xcb({}, "linux")
    assert not uses_xcb({}, "win32") and not uses_xcb({}, "darwin")
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"},
                        "linux")


def test_this_machine_has_the_libraries_the_tests_need() -> None:
    # The check itself works against the real loader: glibc is always loadable.
    assert missing_packages(lambda soname: soname != "libxcb-util.so.1") == ["libxcb-util1"]


def test_the_window_stops_before_qt_with_a_plain_sentence(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(app, "check_display_libraries",
                        lambda: check_display_libraries({}, _without(LACKING)))
    monkeypatch.setattr(app, "make_application",
                        lambda _argv: pytest.fail("Qt was started anyway"))
    assert app.run_gui([]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "libxcb-icccm4" in err and "Traceback" not in err


def test_the_readme_names_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for package in XCB_LIBRARIES.values():
        assert package in readme, package


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 plugin is Linux's")
def test_the_list_matches_what_qt_s_plugin_needs() -> None:
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6XcbQpa.so.6"
    data = plugin.read_bytes()
    for soname in XCB_LIBRARIES:
        if soname in ("libEGL.so.1", "libfontconfig.so.1"):
            continue  # loaded by Qt Gui, not named by the plugin
        assert soname.encode() in data, soname


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 plugin is Linux's")
def test_the_real_check_finds_installed_libraries_only(tmp_path: Path) -> None:
    from cutover_desktop.system_libraries import _loadable

    assert _loadable("libc.so.6")
    assert not _loadable("libcutover-made-up.so.9")
    # One the program's user put on LD_LIBRARY_PATH counts too.
    (tmp_path / "libcutover-made-up.so.9").write_bytes(b"")
    assert _loadable("libcutover-made-up.so.9", {"LD_LIBRARY_PATH": str(tmp_path)})


def test_a_damaged_installation_is_one_plain_sentence_before_qt(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(app, "check_display_libraries", lambda: None)

    def missing_module() -> None:
        raise ImportError("No module named 'cutover_desktop.storage.repository'")

    monkeypatch.setattr(app, "load_plan_code_before_qt", missing_module)
    monkeypatch.setattr(app, "make_application",
                        lambda _argv: pytest.fail("Qt was started anyway"))
    assert app.run_gui([]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "install it again" in err and "Traceback" not in err
