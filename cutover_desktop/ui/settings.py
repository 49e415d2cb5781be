"""UiSettings: the window's remembered preferences, each declared once with its default."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class UiSettings:
    """Typed access to QSettings. Plan data never lives here, only how the window looks."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _set(self, key: str, value: object) -> None:
        # Written to disk by Qt's event loop and when the window closes (`save`), not at
        # every value: closing sets five, and each write of the file took about 10 ms.
        self._settings.setValue(key, value)

    def save(self) -> None:
        """Write the settings to disk now."""
        self._settings.sync()

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._set("window/state", value)

    @property
    def task_header(self) -> QByteArray | None:
        return self._bytes("tasks/header")

    @task_header.setter
    def task_header(self, value: QByteArray) -> None:
        self._set("tasks/header", value)

    @property
    def plan_splitter(self) -> QByteArray | None:
        return self._bytes("plan/splitter")

    @plan_splitter.setter
    def plan_splitter(self, value: QByteArray) -> None:
        self._set("plan/splitter", value)

    @property
    def zoom_level(self) -> int | None:
        value = self._settings.value("timeline/zoom")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    @zoom_level.setter
    def zoom_level(self, value: int) -> None:
        self._set("timeline/zoom", value)

    @property
    def welcome_shown(self) -> bool:
        return str(self._settings.value("app/welcome_shown", "false")).lower() == "true"

    @welcome_shown.setter
    def welcome_shown(self, value: bool) -> None:
        self._set("app/welcome_shown", "true" if value else "false")

    @property
    def recent_files(self) -> list[Path]:
        value = self._settings.value("files/recent", [])
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [Path(item) for item in items if isinstance(item, str) and item]

    def add_recent_file(self, path: Path) -> None:
        resolved = path.resolve()
        kept = [p for p in self.recent_files if p.resolve() != resolved]
        self._set("files/recent", [str(p) for p in [resolved, *kept][:MAX_RECENT]])

    def remove_recent_file(self, path: Path) -> None:
        self._set("files/recent", [str(p) for p in self.recent_files if p != path])
