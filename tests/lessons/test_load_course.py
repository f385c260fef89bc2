"""The seeded course: structure, idempotent loading, sources on every lesson."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision

from home.models import FAQPage, SafetyCardPage
from lessons.loader import CourseLoader
from lessons.models import CoursePage, LessonPage, ModulePage

CLAIMS_TO_CORRECT = [
    "medication-assisted treatment for benzodiazepine",
    "medication-assisted treatment for clonazepam",
    "mat for benzodiazepine",
    "peaks in 1-2 weeks",
    "peak in 1-2 weeks",
    "peaks in one to two weeks",
]


@pytest.mark.django_db
class TestSeededCourse:
    def test_six_modules_of_two_to_four_lessons(self, seeded_site):
        course = CoursePage.objects.get(locale__language_code="en")
        modules = ModulePage.objects.child_of(course).order_by("path")
        assert [m.title for m in modules] == [
            "What Klonopin is",
            "Withdrawal risks",
            "Supporting a loved one",
            "Seizure response",
            "Getting help and treatment options",
            "Emergencies and special situations",
        ]
        for module in modules:
            assert 2 <= LessonPage.objects.child_of(module).count() <= 4, module.title

    def test_every_lesson_ends_with_its_sources(self, seeded_site):
        for lesson in LessonPage.objects.filter(locale__language_code="en"):
            last = lesson.body[-1]
            assert last.block_type == "sources", lesson.title
            assert len(last.value["items"]) >= 1

    def test_no_claim_to_correct_is_repeated(self, client, seeded_site):
        for page in Page.objects.live().filter(depth__gte=2):
            html = client.get(page.url).content.decode().lower()
            for claim in CLAIMS_TO_CORRECT:
                assert claim not in html, (claim, page.url)

    def test_every_seeded_page_reachable_from_home_answers_200(self, client, seeded_site):
        seen, queue = set(), ["/"]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            assert response.status_code == 200, url
            for page in Page.objects.live().filter(depth__gte=2):
                if f'href="{page.url}"' in response.content.decode() and page.url not in seen:
                    queue.append(page.url)
        assert len(seen) == Page.objects.live().filter(depth__gte=2).count()


@pytest.mark.django_db
class TestLoadCommand:
    def test_running_twice_changes_nothing(self, seeded_site):
        counts = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())
        report = CourseLoader().load()
        assert not report.changed
        assert (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()) == counts
        report = CourseLoader(update=True).load()
        assert not report.changed, report.updated
        assert Revision.objects.count() == counts[1]

    def test_editor_changes_survive_a_reload(self, seeded_site):
        lesson = LessonPage.objects.first()
        lesson.title = "Edited by an editor"
        lesson.save_revision().publish()
        CourseLoader().load()
        lesson.refresh_from_db()
        assert lesson.title == "Edited by an editor"

    def test_update_mode_restores_the_files_content(self, seeded_site):
        lesson = LessonPage.objects.first()
        original = lesson.title
        lesson.title = "Changed"
        lesson.save_revision().publish()
        report = CourseLoader(update=True).load()
        lesson.refresh_from_db()
        assert lesson.title == original
        assert report.updated == [lesson.url_path]

    def test_command_reports_and_builds_the_site_pages(self, db, capsys):
        call_command("load_course")
        assert "created" in capsys.readouterr().out
        assert SafetyCardPage.objects.live().get(locale__language_code="en").url == "/safety/"
        assert FAQPage.objects.live().get(locale__language_code="en").url == "/faq/"
