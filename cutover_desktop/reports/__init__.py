"""Report content (day schedules, evidence pack, iCalendar, CSV, XLSX), free of Qt."""
