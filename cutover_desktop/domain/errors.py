"""The program's error tree: each error carries a plain-English message for the user."""

from __future__ import annotations


class CutoverError(Exception):
    """Base class for every error the program expects and explains to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(CutoverError):
    """Input that cannot be accepted; nothing was changed.

    Attributes:
        field: the name of the field at fault, when there is one, so a form can show the
            message beside it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class EditDeclined(CutoverError):
    """The person chose not to go on with an edit when warned about it; nothing changed."""


class CycleError(ValidationError):
    """A dependency or anchor would make tasks wait for each other in a loop."""

    def __init__(self, titles: list[str]) -> None:
        chain = " → ".join([*titles, titles[0]]) if titles else ""
        super().__init__(f"That would make a loop of tasks waiting for each other: {chain}.")
        self.titles = titles


class TemplateError(CutoverError):
    """A plan template file that cannot be used."""


class PlanFileError(CutoverError):
    """A file that cannot be opened as a plan; it has been left untouched."""


class StorageUnavailable(CutoverError):
    """The plan file could not be read or written (disk full, locked, I/O error)."""


class ReadOnlyPlanError(CutoverError):
    """An edit was attempted on a plan opened read-only."""
