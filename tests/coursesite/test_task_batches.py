"""Wagtail's background work is held back inside a bulk change and run once per object at its
end (coursesite/task_batches.py); outside one it runs at once, as before."""

import pytest
from django_tasks import task
from wagtail.models import Page

from coursesite.task_batches import batched_tasks
from lessons.models import LessonPage

RUNS = []


@task()
def remember(value):
    RUNS.append(value)


@pytest.fixture(autouse=True)
def runs():
    RUNS.clear()
    return RUNS


def test_outside_a_batch_a_task_runs_when_it_is_asked_for(runs):
    remember.enqueue("now")
    assert runs == ["now"]


def test_inside_one_each_distinct_task_runs_once_at_the_end_in_the_order_asked(runs):
    with batched_tasks():
        remember.enqueue("b")
        remember.enqueue("a")
        remember.enqueue("b")
        with batched_tasks():  # an inner block leaves its tasks to the outer one
            remember.enqueue("a")
            remember.enqueue("c")
        assert runs == []
    assert runs == ["b", "a", "c"]


def test_nothing_runs_when_the_block_fails(runs):
    with pytest.raises(RuntimeError), batched_tasks():
        remember.enqueue("never")
        raise RuntimeError
    assert runs == []


@pytest.mark.django_db
def test_a_page_saved_three_times_is_indexed_once_as_it_was_last_saved(course):
    lesson = LessonPage.objects.first()
    with batched_tasks():
        for title in ["First title", "Second title", "Zebra crossing lesson"]:
            lesson.title = title
            lesson.save()
        assert list(Page.objects.live().search("Zebra")) == []  # not indexed yet
    assert [page.pk for page in Page.objects.live().search("Zebra")] == [lesson.pk]
