"""Do a piece of database work once, keep the rows it left, and put them back in later tests.

`DatabaseSnapshot.take(work)` runs `work` in a transaction it then rolls back, and keeps the
rows of every table whose contents the work changed (rows added, changed or deleted; e.g. the
page tree's root, whose child count changes). `restore()` puts those tables back as the work
left them, inside the caller's transaction: their rows are deleted and the kept ones inserted.
Where that would not give the work's state (the database was flushed since, by a transactional
test's teardown, so the rows recreated then have new ids), or where the caller is not in a
transaction (a transactional test: the rows are committed, and its teardown's flush removes
them), every table is put back as the work left it instead, the unchanged ones included.
Foreign keys are checked at commit on SQLite and PostgreSQL (Django declares them deferrable),
so the order of the tables does not matter. On PostgreSQL the tables' sequences are then set
past the restored ids, as after the work itself.

Only the database is kept. What the work did elsewhere is the caller's to handle (the test
suite's cache is emptied before each test anyway, see tests/conftest.py).

SQLite's full-text tables (Wagtail's search index, an FTS5 table kept by triggers on
wagtailsearch_indexentry) are never written here: restoring the index entries fills them again
through those triggers. They are compared like any table, so `differences()` would show a
derived table the triggers did not bring back.
"""

import copy
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction

# Each time post_migrate is sent, which `flush` does after emptying every table (a
# transactional test's teardown): the ids of rows it then recreates (content types,
# permissions) are new, so rows kept before it may point at nothing.
MIGRATE_SIGNALS = [0]
# What a flush leaves filled: the migrations' record (not a model's table, so never flushed)
# and what post_migrate recreates. Any other row after a flush was written since.
FILLED_AFTER_FLUSH = frozenset({"django_migrations", "django_content_type", "auth_permission"})
NEVER_WRITTEN = frozenset({"django_migrations"})  # the same in every test database


def count_migrate_signal(**kwargs):
    MIGRATE_SIGNALS[0] += 1


class Tables:
    """The database's tables, read and written the same way on SQLite and PostgreSQL."""

    def __init__(self, connection):
        self.alias = connection.alias
        self.quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            names = {t.name for t in connection.introspection.get_table_list(cursor) if t.type == "t"}
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA table_list")
                kinds = {row[1]: row[2] for row in cursor.fetchall() if row[0] == "main"}
                names = {name for name in names if not name.startswith("sqlite_")}
                # Written directly: ordinary tables. Compared only: virtual (full-text) tables.
                # Neither: their shadow tables, SQLite's own storage for the virtual ones.
                self.written = sorted(name for name in names if kinds.get(name) == "table")
                self.derived = sorted(name for name in names if kinds.get(name) == "virtual")
            else:
                self.written, self.derived = sorted(names), []
            self.sequences = self._sequences(cursor)

    @property
    def connection(self):
        """The alias's connection where it is used, not where the tables were read: Django keeps
        one per thread, or per context where an event loop runs (the browser tests' Playwright),
        so a snapshot taken in one may be restored in another."""
        return connections[self.alias]

    def _sequences(self, cursor):
        if self.connection.vendor != "postgresql":
            return {}
        introspection = self.connection.introspection
        return {
            table: [sequence["column"] for sequence in introspection.get_sequences(cursor, table)]
            for table in self.written
        }

    def counts(self):
        """{table: rows} of every written table, in one query."""
        count = "(SELECT COUNT(*) FROM {})"  # quoted table names below  # nosec B608
        columns = ", ".join(count.format(self.quote(table)) for table in self.written)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns}")  # noqa: S608 - quoted table names  # nosec B608
            return dict(zip(self.written, cursor.fetchone(), strict=True))

    def dump(self, table):
        """The table's rows: tuples on SQLite, COPY's text on PostgreSQL (exact for every type)."""
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.quote(table)} TO STDOUT") as rows:
                    return b"".join(rows)
            rowid = "rowid, " if table in self.derived else ""
            cursor.execute(f"SELECT {rowid}* FROM {self.quote(table)}")  # noqa: S608  # nosec B608
            return cursor.fetchall()

    def fingerprint(self, table):
        """A digest of the table's contents, whatever the order of its rows."""
        rows = self.dump(table)
        lines = rows.splitlines() if isinstance(rows, bytes) else [repr(row).encode() for row in rows]
        return hashlib.sha256(b"\n".join(sorted(lines))).hexdigest()

    def fingerprints(self):
        return {table: self.fingerprint(table) for table in [*self.written, *self.derived]}

    def replace(self, rows):
        """Make each table of `rows` ({table: dump}) hold exactly those rows."""
        with self.connection.cursor() as cursor:
            for table in rows:
                cursor.execute(f"DELETE FROM {self.quote(table)}")  # noqa: S608  # nosec B608
            for table, data in rows.items():
                if not data:
                    continue
                if self.connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {self.quote(table)} FROM STDIN") as copy_in:
                        copy_in.write(data)
                else:
                    marks = ", ".join(["%s"] * len(data[0]))
                    cursor.executemany(f"INSERT INTO {self.quote(table)} VALUES ({marks})", data)  # noqa: S608  # nosec B608
            self._reset_sequences(cursor, rows)

    def _reset_sequences(self, cursor, tables):
        """PostgreSQL: each sequence just past the highest id (sequences ignore rollbacks)."""
        reset = (
            "(SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({0}), 1), MAX({0}) IS NOT NULL)"
            " FROM {1})"  # nosec B608
        )
        resets, params = [], []
        for table in tables:
            for column in self.sequences.get(table, []):
                resets.append(reset.format(self.quote(column), self.quote(table)))
                params += [self.quote(table), column]
        if resets:
            cursor.execute(f"SELECT {', '.join(resets)}", params)  # noqa: S608 - names from introspection  # nosec B608


class DatabaseSnapshot:
    """What `work` left in the database (and returned), kept to be restored in later tests."""

    VENDORS = ("sqlite", "postgresql")  # the databases whose foreign keys wait for the commit

    WRITTEN = "the database was written to before the restore (ask for it before fixtures that write)"

    def __init__(self, tables, result, before, after, base_counts, rows, whole, migrate_signals, using):
        self.tables = tables
        self.result = result
        self.before = before  # every table's fingerprint before the work
        self.after = after  # and right after it
        self.base_counts = base_counts  # every written table's row count before the work
        self.rows = rows  # {table: dump} of the tables the work changed
        self.whole = whole  # {table: dump} of every table the work left (but NEVER_WRITTEN)
        self.migrate_signals = migrate_signals
        self.using = using

    @classmethod
    def take(cls, work, using=DEFAULT_DB_ALIAS):
        """Run `work()` in a transaction (a savepoint if one is open), keep what it changed, roll
        it back. Callbacks it registers with transaction.on_commit are dropped with it, as they
        are when it runs inside a test's transaction."""
        connection = connections[using]
        if connection.vendor not in cls.VENDORS:
            raise NotImplementedError(f"DatabaseSnapshot supports {cls.VENDORS}, not {connection.vendor}")
        tables = Tables(connection)
        with transaction.atomic(using=using):
            base_counts = tables.counts()
            before = tables.fingerprints()
            result = work()
            after = tables.fingerprints()
            whole = {table: tables.dump(table) for table in tables.written if table not in NEVER_WRITTEN}
            rows = {table: whole[table] for table in whole if after[table] != before[table]}
            transaction.set_rollback(True, using=using)
        return cls(tables, result, before, after, base_counts, rows, whole, MIGRATE_SIGNALS[0], using)

    def flushed(self):
        return MIGRATE_SIGNALS[0] != self.migrate_signals

    def wholly(self):
        """Whether a restore must put back every table, not only the ones the work changed."""
        return self.flushed() or not connections[self.using].in_atomic_block

    def why_not_restorable(self):
        """Why restoring now would lose rows written before it, or None if it would not."""
        counts = self.tables.counts()
        if self.flushed():
            written = any(rows for table, rows in counts.items() if table not in FILLED_AFTER_FLUSH)
        else:
            written = counts != self.base_counts
        return self.WRITTEN if written else None

    def restore(self):
        """Put the work's rows back; return a copy of its result. Inside the caller's transaction,
        or committed when there is none (a transactional test). Every table is put back when
        the changed ones alone would not do (see wholly()): ids then are the work's again, so
        Django's cache of content types is emptied (again at the end of the test, by the
        caller, when its rollback or flush brings other ids back)."""
        wholly = self.wholly()
        with transaction.atomic(using=self.using):
            self.tables.replace(self.whole if wholly else self.rows)
        if wholly:
            ContentType.objects.clear_cache()
        return copy.deepcopy(self.result)

    def differences(self):
        """Tables whose contents now differ from what the work left (none right after restore)."""
        now = self.tables.fingerprints()
        return sorted(table for table, print_ in self.after.items() if now[table] != print_)

    def changed_tables(self):
        """The tables the work changed, ordinary and derived."""
        return sorted(table for table, print_ in self.after.items() if self.before[table] != print_)

    def counts_after(self):
        """{table: rows} of every written table as the work left it."""
        rows = {
            table: len(data.splitlines()) if isinstance(data, bytes) else len(data)
            for table, data in self.rows.items()
        }
        return {**self.base_counts, **rows}
