"""Reading MS Project XML (MSPDI) with a parser that refuses entity tricks and outside files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, time

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import fromstring

from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.reports.mspdi import TIMES_FIELD_ID

LINK_TYPES = {"0": "finish-to-finish", "1": "finish-to-start", "2": "start-to-finish",
              "3": "start-to-start"}
FINISH_TO_START = "finish-to-start"
_DURATION = re.compile(r"^-?PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$")


@dataclass(frozen=True)
class ProjectLink:
    predecessor_uid: int
    kind: str


@dataclass(frozen=True)
class ProjectTask:
    uid: int
    name: str
    outline_level: int
    start: datetime | None
    finish: datetime | None
    summary: bool = False
    milestone: bool = False
    duration_minutes: int = 0
    percent_complete: int = 0
    priority: int = 500
    notes: str = ""
    constraint_type: int = 0
    cost: float = 0.0
    links: tuple[ProjectLink, ...] = ()
    times_of_day: str = ""  # 'from 08:00' or 'until 17:00', as this program writes it


@dataclass(frozen=True)
class ProjectResource:
    uid: int
    name: str
    has_cost: bool = False


@dataclass(frozen=True)
class ProjectFile:
    """What an MSPDI file says, in the order its Gantt chart lists it."""

    name: str
    default_start: time
    default_finish: time
    tasks: tuple[ProjectTask, ...]
    resources: tuple[ProjectResource, ...] = ()
    assignments: tuple[tuple[int, int], ...] = ()  # (task uid, resource uid)
    # The first day of each exception in the file's calendars.
    calendar_exceptions: tuple[date, ...] = ()


def parse_mspdi(data: bytes, source: str) -> ProjectFile:
    """Read an MSPDI document.

    Raises:
        ValidationError: the file is not MS Project XML, or tries entity expansion or
            reading other files; the message is one plain sentence.
    """
    root = _safe_root(data, source)
    if _local(root.tag) != "Project":
        raise ValidationError(f"{source} is XML but not an MS Project file (it has no "
                              "Project element at its top).")
    children = {_local(child.tag): child for child in root}
    tasks_element = children.get("Tasks")
    tasks = tuple(_task(element, source) for element in _each(tasks_element, "Task")
                  if not _is_null(element))
    resources = tuple(_resource(element) for element in _each(children.get("Resources"),
                                                               "Resource")
                      if not _is_null(element))
    assignments = tuple((_int(_text(element, "TaskUID")), _int(_text(element, "ResourceUID")))
                        for element in _each(children.get("Assignments"), "Assignment"))
    exceptions = tuple(
        moment.date()
        for calendar in _each(children.get("Calendars"), "Calendar")
        for item in _each(_child(calendar, "Exceptions"), "Exception")
        if (moment := _moment(_text(_child(item, "TimePeriod") or item, "FromDate"))))
    return ProjectFile(
        name=_text(root, "Title") or _text(root, "Name") or source,
        default_start=_time(_text(root, "DefaultStartTime"), time(8, 0)),
        default_finish=_time(_text(root, "DefaultFinishTime"), time(17, 0)),
        tasks=tasks, resources=resources, assignments=assignments,
        calendar_exceptions=exceptions)


def _safe_root(data: bytes, source: str) -> ET.Element:
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise ValidationError(f"{source} was not read: it asks to pull in another file "
                                  "or web address (an external entity), which an MS Project "
                                  "file never does.") from None
        raise ValidationError(f"{source} was not read: it defines entities that expand into "
                              "more text (the “billion laughs” trick), which an MS Project "
                              "file never does.") from None
    except DefusedXmlException:
        raise ValidationError(f"{source} was not read: it holds XML features an MS Project "
                              "file never uses.") from None
    except ET.ParseError as exc:
        raise ValidationError(f"{source} is not a well-formed XML file ({exc}).") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(parent: ET.Element | None, name: str) -> ET.Element | None:
    if parent is None:
        return None
    for child in parent:
        if _local(child.tag) == name:
            return child
    return None


def _each(parent: ET.Element | None, name: str) -> list[ET.Element]:
    if parent is None:
        return []
    return [child for child in parent if _local(child.tag) == name]


def _text(parent: ET.Element, name: str) -> str:
    child = _child(parent, name)
    return (child.text or "").strip() if child is not None else ""


def _int(text: str, default: int = 0) -> int:
    try:
        return int(float(text))
    except ValueError:
        return default


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def _time(text: str, default: time) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        return default


def _moment(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def _minutes(text: str) -> int:
    match = _DURATION.match(text)
    if not match:
        return 0
    hours, minutes, seconds = (float(part or 0) for part in match.groups())
    return int(hours * 60 + minutes + seconds / 60)


def _fields(element: ET.Element) -> dict[str, str]:
    """Each child's text by its name, read once (a task has dozens of fields)."""
    found: dict[str, str] = {}
    for child in element:
        found.setdefault(_local(child.tag), (child.text or "").strip())
    return found


def _task(element: ET.Element, source: str) -> ProjectTask:
    fields = _fields(element)
    uid_text = fields.get("UID", "")
    if not uid_text.lstrip("-").isdigit():
        raise ValidationError(f"{source} has a task without a number (UID), so its links "
                              "cannot be followed.")
    links = tuple(
        ProjectLink(_int(_text(link, "PredecessorUID")),
                    LINK_TYPES.get(_text(link, "Type") or "1", FINISH_TO_START))
        for link in _each(element, "PredecessorLink"))
    return ProjectTask(
        uid=int(uid_text),
        name=" ".join(fields.get("Name", "").split()),
        outline_level=_int(fields.get("OutlineLevel", ""), 1),
        start=_moment(fields.get("Start", "")),
        finish=_moment(fields.get("Finish", "")),
        summary=fields.get("Summary") == "1",
        milestone=fields.get("Milestone") == "1",
        duration_minutes=_minutes(fields.get("Duration", "")),
        percent_complete=_int(fields.get("PercentComplete", "")),
        priority=_int(fields.get("Priority", ""), 500),
        notes=fields.get("Notes", ""),
        constraint_type=_int(fields.get("ConstraintType", "")),
        cost=_float(fields.get("Cost", "")) + _float(fields.get("FixedCost", "")),
        links=links,
        times_of_day=next((_text(field, "Value") for field in _each(element, "ExtendedAttribute")
                           if _text(field, "FieldID") == str(TIMES_FIELD_ID)), ""),
    )


def _is_null(element: ET.Element) -> bool:
    """A blank row in the Gantt chart."""
    return _text(element, "IsNull") == "1"


def _resource(element: ET.Element) -> ProjectResource:
    rates = ("StandardRate", "OvertimeRate", "CostPerUse", "Cost")
    return ProjectResource(
        uid=_int(_text(element, "UID")),
        name=" ".join(_text(element, "Name").split()),
        has_cost=any(_float(_text(element, rate)) > 0 for rate in rates))
