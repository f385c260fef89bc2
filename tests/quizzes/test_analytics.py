"""Editors' analytics: correct figures for a known set of attempts, in a fixed number of queries."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission, Page

from quizzes.analytics import quiz_analytics
from tests.factories import UserFactory
from tests.quizzes.conftest import ALL_RIGHT, submit, with_wrong

# Five learners, six attempts:
SEEDED = [
    ALL_RIGHT,  # 100, passed
    with_wrong(ALL_RIGHT, q0=["A spoon"]),  # 80, must-know wrong: not passed
    with_wrong(ALL_RIGHT, q0=["A spoon"], q2=["Time it"]),  # 60
    with_wrong(ALL_RIGHT, q0=["Your fingers"], q3=["True"]),  # 60
    with_wrong(ALL_RIGHT, q2=["Time it", "Hold them down"]),  # 80, passed
    with_wrong(ALL_RIGHT, q0=["A spoon"], q2=["Hold them down"], q4=["Leave them alone"]),  # 40
]


def seed_attempts(quiz, copies=1):
    for copy in range(copies):
        for number, picks in enumerate(SEEDED):
            client = Client()
            client.force_login(UserFactory(username=f"learner{min(number, 4)}-{copy}"))
            assert submit(client, quiz, picks).status_code == 303


@pytest.fixture
def editor(home_page):
    """An editor: may use the admin and edit every page (as Wagtail's Editors group may).

    Built here rather than taken from Wagtail's data migration: transactional tests flush it.
    """
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=Page.get_first_root_node(), permission=Permission.objects.get(codename=codename)
        )
    user = UserFactory(username="editor")
    user.groups.add(group)
    return user


@pytest.mark.django_db
class TestFigures:
    def test_per_quiz_and_per_question_figures(self, quiz):
        seed_attempts(quiz)
        figures = quiz_analytics(quiz)
        assert (figures.attempts, figures.passes, figures.pass_rate) == (6, 2, 33)
        assert (figures.learners, figures.learners_passed) == (5, 2)
        answered = [q.answered for q in figures.questions]
        right = [q.right for q in figures.questions]
        assert answered == [6] * 5
        assert right == [2, 6, 3, 5, 5]
        assert [q.percent_right for q in figures.questions] == [33, 100, 50, 83, 83]
        top = [
            (q.top_wrong.text, q.top_wrong.times, q.top_wrong.percent) if q.top_wrong else None
            for q in figures.questions
        ]
        assert top == [
            ("A spoon", 3, 50),
            None,
            ("Hold them down", 2, 33),
            ("True", 1, 17),
            ("Leave them alone", 1, 17),
        ]
        assert figures.questions[0].must_know and figures.questions[2].kind == "multiple"

    def test_no_attempts_yet(self, quiz):
        figures = quiz_analytics(quiz)
        assert (figures.attempts, figures.pass_rate) == (0, None)
        assert [q.percent_right for q in figures.questions] == [None] * 5

    def test_a_removed_question_is_listed_apart_with_its_old_words(self, quiz):
        seed_attempts(quiz)
        quiz.refresh_from_db()
        del quiz.questions[0]
        quiz.save_revision().publish()
        figures = quiz_analytics(quiz)
        assert len(figures.questions) == 4
        (removed,) = figures.removed_questions
        assert (removed.text, removed.answered, removed.right) == ("What should you put in his mouth?", 6, 2)
        assert removed.top_wrong.text == "A spoon"

    @pytest.mark.parametrize("copies", [1, 8])
    def test_queries_do_not_grow_with_attempts(self, client, quiz, editor, copies):
        seed_attempts(quiz, copies)
        with CaptureQueriesContext(connection) as queries:
            figures = quiz_analytics(quiz)
        assert figures.attempts == 6 * copies
        assert len(queries) <= 4, [q["sql"] for q in queries]
        client.force_login(editor)
        client.get(f"/admin/quiz-results/{quiz.pk}/")
        with CaptureQueriesContext(connection) as page_queries:
            assert client.get(f"/admin/quiz-results/{quiz.pk}/").status_code == 200
        with CaptureQueriesContext(connection) as report_queries:
            assert client.get("/admin/quiz-results/").status_code == 200
        print(
            f"analytics with {6 * copies} attempts: {len(queries)} queries; admin page "
            f"{len(page_queries)}; report {len(report_queries)}"
        )
        assert len(page_queries) <= 17 and len(report_queries) <= 10


@pytest.mark.django_db
class TestAdminViews:
    def test_an_editor_sees_the_report_and_the_figures(self, client, quiz, editor):
        seed_attempts(quiz)
        client.force_login(editor)
        report = client.get("/admin/quiz-results/")
        assert report.status_code == 200
        html = report.content.decode()
        assert f'href="/admin/quiz-results/{quiz.pk}/">Quiz: Seizures</a>' in html
        assert "<td>Seizures</td>" in html  # the module
        assert "<td>6</td>" in html and "<td>2</td>" in html and "33%" in html
        page = client.get(f"/admin/quiz-results/{quiz.pk}/").content.decode()
        assert 'data-figure="attempts">6<' in page and 'data-figure="pass-rate">33%<' in page
        assert "A spoon (3 times, 50%)" in page
        home = client.get("/admin/").content.decode()
        assert "/admin/quiz-results/" in home  # in the Reports menu

    def test_the_quiz_page_header_and_listing_link_to_its_results(self, client, quiz, editor):
        client.force_login(editor)
        edit = client.get(f"/admin/pages/{quiz.pk}/edit/").content.decode()
        assert f"/admin/quiz-results/{quiz.pk}/" in edit
        listing = client.get(f"/admin/pages/{quiz.get_parent().pk}/").content.decode()
        assert f"/admin/quiz-results/{quiz.pk}/" in listing
        module_edit = client.get(f"/admin/pages/{quiz.get_parent().pk}/edit/").content.decode()
        assert f"/admin/quiz-results/{quiz.pk}/" not in module_edit  # only quiz pages get the button

    def test_learners_and_users_without_page_permissions_are_kept_out(self, client, quiz, learner):
        client.force_login(learner)
        assert client.get("/admin/quiz-results/").status_code == 403  # no editor access (issue 14)
        staff = UserFactory(username="staff-no-pages")
        staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(staff)
        for url in ("/admin/quiz-results/", f"/admin/quiz-results/{quiz.pk}/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == "/admin/"
        assert "/admin/quiz-results/" not in client.get("/admin/").content.decode()

    def test_an_editor_of_another_section_cannot_see_this_quiz(self, client, quiz):
        group = Group.objects.create(name="Other section")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        elsewhere = Page.objects.get(depth=1)
        other_branch = elsewhere.add_child(instance=Page(title="Elsewhere", slug="elsewhere"))
        GroupPagePermission.objects.create(
            group=group, page=other_branch, permission=Permission.objects.get(codename="change_page")
        )
        user = UserFactory(username="other-editor")
        user.groups.add(group)
        client.force_login(user)
        assert client.get("/admin/quiz-results/").status_code == 200
        assert "Quiz: Seizures" not in client.get("/admin/quiz-results/").content.decode()
        assert client.get(f"/admin/quiz-results/{quiz.pk}/").status_code == 302
        assert client.get("/admin/quiz-results/999999/").status_code == 404
