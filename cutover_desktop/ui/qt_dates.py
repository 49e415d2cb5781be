"""Conversions between Python dates and Qt's, kept in one place inside the UI."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QTime

UK_DATE_FORMAT = "dd/MM/yyyy"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute())
