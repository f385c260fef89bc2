"""Consistent database snapshots and their restore, for `make backup` / `make restore`.

SQLite: Python's sqlite3 online backup API, which copies a consistent snapshot while the site
keeps running, and restores the same way into the live database file.
PostgreSQL: pg_dump (custom format, one consistent snapshot) and pg_restore in one transaction.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in plain words."""


def engine_of(connection):
    if connection.vendor == "sqlite":
        return "sqlite"
    if connection.vendor == "postgresql":
        return "postgresql"
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def backup_path(directory, connection, label="backup"):
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if engine_of(connection) == "sqlite" else ".pgdump"
    path = Path(directory) / f"coursesite-{label}-{stamp}{suffix}"
    if path.exists():
        raise BackupError(f"{path} already exists; try again in a second.")
    return path


def count_rows(connection):
    """{table: rows} for every table of the database behind a Django connection."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - quoted name  # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts


def count_rows_in_sqlite_file(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608  # nosec B608


def backup(connection, directory, label="backup"):
    """Write a snapshot of the database into `directory`; return its path."""
    _refuse_inside_transaction(connection)
    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = backup_path(directory, connection, label)
    partial = path.with_name(path.name + ".partial")
    try:
        # Families' data and password hashes: readable by the site's own user only.
        partial.touch(mode=0o600)
        if engine_of(connection) == "sqlite":
            _backup_sqlite(connection, partial)
        else:
            _backup_postgresql(connection, partial)
        os.replace(partial, path)  # a backup file is either complete or absent
    finally:
        partial.unlink(missing_ok=True)
    return path


def check_restorable(connection, path):
    """Raise BackupError unless `path` is a snapshot this database can be restored from."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    with path.open("rb") as file:
        head = file.read(16)
    if engine_of(connection) == "sqlite" and not head.startswith(SQLITE_MAGIC):
        raise BackupError(f"{path} is not an SQLite backup, and this site uses SQLite.")
    if engine_of(connection) == "postgresql" and not head.startswith(PGDUMP_MAGIC):
        raise BackupError(f"{path} is not a pg_dump backup, and this site uses PostgreSQL.")


def restore(connection, path):
    """Replace the database's contents with the snapshot at `path`."""
    check_restorable(connection, path)
    _refuse_inside_transaction(connection)
    if engine_of(connection) == "sqlite":
        _restore_sqlite(connection, Path(path))
    else:
        _restore_postgresql(connection, Path(path))


def _refuse_inside_transaction(connection):
    # SQLite's backup API waits forever for a transaction held by the same connection.
    if connection.in_atomic_block:
        raise BackupError("Backups and restores run outside any database transaction.")


def _backup_sqlite(connection, target_path):
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        connection.connection.backup(target)
        # One self-contained file (no -wal/-shm companions), whatever mode the site runs in.
        target.execute("PRAGMA journal_mode=DELETE")
        (result,) = target.execute("PRAGMA integrity_check").fetchone()
    finally:
        target.close()
    if result != "ok":
        raise BackupError(f"The new backup failed SQLite's integrity check: {result}")


def _restore_sqlite(connection, path):
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (result,) = source.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(f"{path} failed SQLite's integrity check: {result}")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()  # the next query reconnects and sees the restored schema


def _pg_environment(connection):
    """libpq environment for pg_dump/pg_restore: the password never appears in a command line."""
    settings = connection.settings_dict
    env = {**os.environ}
    for key, name in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")]:
        if settings.get(key):
            env[name] = str(settings[key])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return env


def _pg_tool(name):
    tool = shutil.which(name)
    if not tool:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return tool


def _run(args, connection):
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)  # nosec B603
        args, env=_pg_environment(connection), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


def _backup_postgresql(connection, target_path):
    _run(
        [
            _pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target_path}",
            f"--dbname={connection.settings_dict['NAME']}",
        ],
        connection,
    )


def _restore_postgresql(connection, path):
    connection.close()
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        connection,
    )
