"""`make backup` / `make restore`: a snapshot restored into a brand-new database holds every row.

The backup runs in-process against the test database; the restore runs as `make restore` would,
in a fresh process pointed at a database that did not exist before."""

import shutil
import sqlite3
from urllib.parse import quote

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import CommandError, call_command
from django.db import connection

from coursesite import backups
from tests.factories import UserFactory

ON_SQLITE = connection.vendor == "sqlite"
ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def data(seeded_site):
    """The real course plus accounts, an authenticator app and a learner's email address."""
    staff = UserFactory(username="editor", is_staff=True)
    TOTP.activate(staff, generate_totp_secret())
    UserFactory(username="family-member")
    counts = backups.count_rows(connection)
    assert sum(counts.values()) > 300  # enough to mean something
    return counts


def make_backup(tmp_path):
    call_command("backup_db", output_dir=str(tmp_path / "backups"))
    (backup_file,) = (tmp_path / "backups").iterdir()
    assert oct(backup_file.stat().st_mode & 0o777) == "0o600"
    return backup_file


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite variant: runs in the SQLite suite (make pytest)")
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_every_row_into_a_fresh_database(data, tmp_path, restore_in_fresh_process):
    backup_file = make_backup(tmp_path)
    assert backup_file.name.startswith("coursesite-backup-") and backup_file.suffix == ".sqlite3"

    fresh = tmp_path / "fresh.sqlite3"
    assert not fresh.exists()
    result = restore_in_fresh_process(backup_file, f"sqlite:///{fresh}", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"{len(data)} tables, {sum(data.values()):,} rows" in out

    assert backups.count_rows_in_sqlite_file(fresh) == data
    with sqlite3.connect(fresh) as db:
        (password,) = db.execute("SELECT password FROM accounts_user WHERE username = 'editor'").fetchone()
    assert password == UserFactory._meta.model.objects.get(username="editor").password


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL variant: runs in make pytest-postgres")
@pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("pg_restore")), reason="pg_dump is not installed"
)
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_every_row_into_a_fresh_database(data, tmp_path, restore_in_fresh_process):
    import psycopg

    backup_file = make_backup(tmp_path)
    assert backup_file.suffix == ".pgdump"

    db = connection.settings_dict
    fresh = f"{db['NAME']}_restore"[:63]
    server = {
        "host": db["HOST"] or None,
        "port": db["PORT"] or None,
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
        url = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{fresh}"
        result = restore_in_fresh_process(backup_file, url, tmp_path)
        assert result.returncode == 0, result.stderr
        out = result.stdout
        assert f"{len(data)} tables, {sum(data.values()):,} rows" in out
        with psycopg.connect(dbname=fresh, **server) as restored:
            counts = {
                table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                for table in data
            }
        assert counts == data
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(CommandError, match="is not an? (SQLite|pg_dump) backup"):
        call_command("restore_db", str(bogus), interactive=False, output_dir=str(tmp_path))
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore_db", str(tmp_path / "missing.sqlite3"), interactive=False)
