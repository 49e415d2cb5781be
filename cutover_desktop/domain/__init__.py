"""Plain-Python domain: calendar, key dates, tasks, scheduling, warnings. No Qt, no SQL."""
