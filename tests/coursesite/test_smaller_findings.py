"""Finding 9 of issue 14, the smaller items, each as the probe found it."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection

from circles.models import Assignment, CareCircle, CircleMembership
from lessons.models import LessonPage, ModulePage
from tests.admin_forms import SIMPLE_BODY, lesson_form_data
from tests.factories import UserFactory


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_module_titles_in_the_csv_header_cannot_start_a_formula(course):
    counselor = UserFactory(username="casey")
    counselor.groups.add(Group.objects.get_or_create(name="Counselors")[0])
    circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
    CircleMembership.objects.create(circle=circle, user=UserFactory(username="lee"))
    module = ModulePage.objects.child_of(course).first()
    module.title = '=HYPERLINK("http://evil.example")'
    module.save_revision().publish()
    Assignment.objects.create(circle=circle, module=module)
    response = signed_in(counselor).get(f"/counselor/circles/{circle.pk}/export.csv")
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    module_columns = header[5:]
    assert module_columns and all(column.startswith("'=") for column in module_columns)


@pytest.fixture
def document(db):
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return get_document_model().objects.create(
        title="Taper chart", file=ContentFile(b"chart", name="chart.txt"), collection=root
    )


def link_document(lesson, document, publish):
    """A lesson that links the document: a draft (awaiting review) or published."""
    link = f'<p>See <a linktype="document" id="{document.pk}">the chart</a>.</p>'
    lesson.body = [("paragraph", link)]
    revision = lesson.save_revision()
    if publish:
        revision.publish()


@pytest.mark.django_db
class TestDocumentsWaitForReview:
    def test_an_unused_upload_is_not_public_but_editors_can_open_it(self, document, editor):
        assert Client().get(document.url).status_code == 404
        assert signed_in(UserFactory(username="learner2")).get(document.url).status_code == 404
        assert signed_in(editor).get(document.url).status_code == 200

    def test_a_draft_using_it_does_not_make_it_public(self, course, document):
        lesson = LessonPage.objects.descendant_of(course).first()
        link_document(lesson, document, publish=False)
        assert Client().get(document.url).status_code == 404

    def test_a_published_page_using_it_does(self, course, document):
        lesson = LessonPage.objects.descendant_of(course).first()
        link_document(lesson, document, publish=True)
        assert Client().get(document.url).status_code == 200


@pytest.mark.django_db
def test_a_learner_opening_the_admin_gets_a_plain_403_not_a_loop(learner):
    client = signed_in(learner)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 0
    assert "does not have access to the editor" in response.content.decode()


@pytest.mark.django_db
def test_a_malformed_admin_edit_post_is_a_4xx(editable_course, editor):
    lesson = LessonPage.objects.descendant_of(editable_course).first()
    data = lesson_form_data(lesson, SIMPLE_BODY)
    del data["body-count"]
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.post(f"/admin/pages/{lesson.pk}/edit/", data)
    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()


@pytest.mark.django_db
def test_the_sitemap_uses_the_sites_real_address(settings, seeded_site):
    from wagtail.models import Site

    from lessons.loader import CourseLoader

    Site.objects.update(hostname="localhost", port=80)  # as every site loaded before had it
    settings.WAGTAILADMIN_BASE_URL = "https://course.example.org"
    CourseLoader().load()  # as `manage.py load_course` on the server
    xml = Client().get("/sitemap.xml", HTTP_HOST="course.example.org").content.decode()
    assert "<loc>https://course.example.org/" in xml
    assert "localhost" not in xml


@pytest.mark.django_db
def test_no_messages_cookie_and_no_display_name_in_any_cookie(course, learner):
    learner.display_name = "Robin Private"
    learner.save()
    client = Client()
    response = client.post("/accounts/login/", {"login": learner.email, "password": "correct-horse-battery"})
    lesson = LessonPage.objects.descendant_of(course).first()
    done = client.post(f"/progress/lessons/{lesson.pk}/complete/")
    for reply in (response, done):
        assert "messages" not in reply.cookies
        assert all("Robin" not in morsel.value for morsel in reply.cookies.values())
    assert "is marked complete" in client.get(done["Location"]).content.decode()  # still shown
