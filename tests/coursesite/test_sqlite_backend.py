"""coursesite.sqlite: a transaction that finds SQLite's write lock taken waits for it in short
steps, then goes ahead; it still fails after the database's timeout; statements outside a
transaction keep SQLite's own busy timeout."""

import sqlite3
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError, connection, transaction

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="coursesite.sqlite is the SQLite backend; this run is on PostgreSQL"
)


def busy_timeout():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        return cursor.fetchone()[0]


class WriteLock:
    """Another connection to the same database file holding the write lock until released."""

    def __init__(self):
        self.taken, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self.hold, daemon=True)

    def hold(self):
        other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        self.taken.set()
        self.release.wait(10)
        other.execute("COMMIT")
        other.close()

    def __enter__(self):
        self.thread.start()
        assert self.taken.wait(10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(10)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_waits_for_the_write_lock_then_goes_ahead():
    connection.ensure_connection()
    with WriteLock() as lock:
        threading.Timer(0.05, lock.release.set).start()
        with transaction.atomic():
            Group.objects.create(name="Waited for the lock")
    assert Group.objects.filter(name="Waited for the lock").exists()
    assert busy_timeout() == int(connection.settings_dict["OPTIONS"]["timeout"] * 1000)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_still_fails_after_the_timeout_and_writes_nothing(monkeypatch):
    connection.ensure_connection()
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.05)
    with WriteLock(), pytest.raises(OperationalError, match="locked"), transaction.atomic():
        Group.objects.create(name="Never written")
    assert not Group.objects.filter(name="Never written").exists()
    # Statements outside a transaction wait with SQLite's busy handler, for the same timeout.
    assert busy_timeout() == 50


@pytest.mark.django_db(transaction=True)
def test_the_transaction_begins_in_the_query_log_once():
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        Group.objects.create(name="Logged")
    assert [q["sql"] for q in queries.captured_queries].count("BEGIN IMMEDIATE") == 1
