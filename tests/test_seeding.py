"""The seeded course is put back row for row (tests/seeding.py), and is what a load makes."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page

from tests.seeding import DatabaseSnapshot


@pytest.mark.django_db
class TestSeededSite:
    def test_every_table_is_as_the_load_left_it(self, seeded_site, course_snapshot):
        assert course_snapshot.differences() == []
        # Not vacuous: the load's new rows, its changes to rows that were there (the tree's
        # root counts its new child; the default site points at the course's home page), and
        # the full-text index SQLite fills through triggers.
        changed = set(course_snapshot.changed_tables())
        assert {"wagtailcore_page", "wagtailcore_site", "wagtailsearch_indexentry"} <= changed
        if connection.vendor == "sqlite":
            assert "wagtailsearch_indexentry_fts" in changed
        assert seeded_site.created and not seeded_site.updated

    def test_a_load_in_the_test_changes_the_same_tables_by_as_many_rows(self, loaded_course, course_snapshot):
        """The snapshot was taken in another transaction, before any test: a load here, on the
        same fresh database, changes the same tables and leaves as many rows in each (ids,
        dates and Wagtail's random keys differ from load to load)."""
        now = course_snapshot.tables.fingerprints()
        assert sorted(t for t, p in now.items() if p != course_snapshot.before[t]) == (
            course_snapshot.changed_tables()
        )
        assert course_snapshot.tables.counts() == course_snapshot.counts_after()
        assert loaded_course.created == course_snapshot.result.created
        assert [str(e) for e in loaded_course.editions] == [str(e) for e in course_snapshot.result.editions]

    def test_each_test_gets_its_own_copy_of_the_report(self, seeded_site, course_snapshot):
        seeded_site.created.clear()
        assert course_snapshot.result.created


@pytest.mark.django_db
class TestDatabaseSnapshot:
    @pytest.fixture
    def groups(self):
        return Group.objects.create(name="kept"), Group.objects.create(name="changed")

    def work(self):
        Group.objects.create(name="added")
        Group.objects.filter(name="changed").update(name="changed by the work")
        Group.objects.filter(name="kept").delete()
        return {"done": ["yes"]}

    def names(self):
        return set(Group.objects.values_list("name", flat=True))

    def test_taking_it_leaves_the_database_as_it_was(self, groups):
        before = self.names()
        DatabaseSnapshot.take(self.work)
        assert self.names() == before

    def test_restoring_puts_back_added_changed_and_deleted_rows(self, groups):
        snapshot = DatabaseSnapshot.take(self.work)
        others = self.names() - {"kept", "changed"}
        assert snapshot.why_not_restorable() is None
        result = snapshot.restore()
        assert self.names() == others | {"added", "changed by the work"}
        assert Group.objects.get(name="changed by the work").pk == groups[1].pk
        assert snapshot.differences() == []
        assert result == {"done": ["yes"]} and result is not snapshot.result

    def test_it_is_not_restored_over_rows_written_since(self, groups):
        snapshot = DatabaseSnapshot.take(self.work)
        Group.objects.create(name="written by the test")
        assert snapshot.why_not_restorable() == DatabaseSnapshot.WRITTEN

    def test_ids_given_after_a_restore_follow_the_restored_rows(self, groups):
        snapshot = DatabaseSnapshot.take(self.work)
        Group.objects.create(name="ids move on").delete()  # ids handed out since the snapshot
        snapshot.restore()
        highest = max(Group.objects.values_list("pk", flat=True))
        new = Group.objects.create(name="new")
        assert new.pk > highest
        if connection.vendor == "postgresql":  # its sequences ignore rollbacks: set back
            assert new.pk == highest + 1


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_gets_every_table_committed(seeded_site, course_snapshot, client):
    assert course_snapshot.wholly()
    assert course_snapshot.differences() == []
    assert not connection.in_atomic_block  # nothing to roll back: the rows are committed
    assert client.get("/klonopin-withdrawal/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_every_table_is_put_back_with_the_loads_ids(course_snapshot, client):
    call_command("flush", interactive=False)  # as a transactional test's teardown does
    assert course_snapshot.flushed() and course_snapshot.why_not_restorable() is None
    course_snapshot.restore()
    assert course_snapshot.differences() == []
    # Content types have the load's ids again, and Django's cache of them says so.
    assert ContentType.objects.get_for_model(Page).pk == Page.objects.get(depth=1).content_type_id
    assert client.get("/klonopin-withdrawal/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_it_is_not_put_back_over_rows_written_since(course_snapshot):
    call_command("flush", interactive=False)
    Group.objects.create(name="written by the test")
    assert course_snapshot.why_not_restorable() == DatabaseSnapshot.WRITTEN
