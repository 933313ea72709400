"""Database settings that live in the database file itself."""

from django.db import connections


def enable_sqlite_wal(sender, using: str = "default", **kwargs) -> None:
    """post_migrate: switch an SQLite database to write-ahead logging, which it keeps.

    Readers then go on while one writer commits. An in-memory database (tests) has no log and
    answers "memory"; that is fine.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
