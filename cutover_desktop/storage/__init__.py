"""SQLite storage: schema, migrations, reading and writing domain values, audit trail."""
