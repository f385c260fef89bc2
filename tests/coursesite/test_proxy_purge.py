"""A caching proxy in front keeps public pages (s-maxage); publishing a page purges it there."""

import pytest
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from lessons.models import LessonPage

PURGED = []


class RecordingBackend(BaseBackend):
    """Stands in for the proxy: remembers what it was told to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.mark.django_db
def test_publishing_a_lesson_purges_its_address_from_the_proxy(make_course, settings):
    settings.WAGTAILFRONTENDCACHE = {"proxy": {"BACKEND": f"{__name__}.RecordingBackend"}}
    PURGED.clear()
    lesson = LessonPage.objects.descendant_of(make_course()).first()
    lesson.title = "A corrected title"
    lesson.save_revision().publish()
    assert any(url.endswith(lesson.url) for url in PURGED), PURGED
