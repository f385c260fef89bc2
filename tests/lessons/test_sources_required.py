"""A lesson with safety information cannot be sent for review or published without sources."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import WorkflowState

from lessons import editorial
from lessons.blocks import missing_sources_message
from lessons.models import LessonPage
from tests.admin_forms import CALL_911, SIMPLE_BODY, SOURCES, lesson_form_data

EMERGENCY = ("callout", {"kind": "emergency", "title": "Call 911", "text": "<p>Call 911 now.</p>"})
TAPER_FACT = ("callout", {"kind": "taper", "title": "Go slowly", "text": "<p>Cuts are small.</p>"})
TIP = ("callout", {"kind": "tip", "title": "Keep notes", "text": "<p>Write it down.</p>"})
EMPTY_SOURCES = ("sources", {"title": "Sources", "items": []})


def body_value(items):
    block = LessonPage.body.field.stream_block
    return block.to_python([{"type": block_type, "value": value} for block_type, value in items])


def clean_body(items):
    """Validate a body the way the editor does when a lesson is submitted or published."""
    block = LessonPage.body.field.stream_block
    return block.clean(body_value(items))


class TestTheRule:
    @pytest.mark.parametrize(
        ("items", "named"),
        [
            ([CALL_911], ["a 'Call 911 if' block"]),
            ([EMERGENCY], ["an Emergency callout"]),
            ([TAPER_FACT, EMERGENCY], ["a Taper or dose fact callout", "an Emergency callout"]),
        ],
    )
    def test_safety_blocks_without_sources_are_refused(self, items, named):
        message = missing_sources_message(body_value(SIMPLE_BODY + items))
        assert message.startswith("This lesson has ")
        assert "so it needs a Sources block with at least one source" in message
        for words in named:
            assert words in message

    def test_sources_or_no_safety_blocks_are_fine(self):
        assert missing_sources_message(body_value(SIMPLE_BODY + [EMERGENCY, CALL_911, SOURCES])) is None
        assert missing_sources_message(body_value(SIMPLE_BODY + [TIP])) is None

    def test_a_sources_block_with_no_source_does_not_count(self):
        assert missing_sources_message(body_value([CALL_911, EMPTY_SOURCES])) is not None


@pytest.mark.django_db
class TestThroughTheModel:
    def test_the_lesson_body_field_refuses_it(self):
        with pytest.raises(ValidationError) as error:
            clean_body(SIMPLE_BODY + [CALL_911])
        assert "needs a Sources block" in str(error.value.non_block_errors)
        clean_body(SIMPLE_BODY + [CALL_911, SOURCES])  # no error

    def test_drafts_can_still_be_saved(self):
        block = LessonPage.body.field.stream_block
        block.clean_deferred(body_value(SIMPLE_BODY + [CALL_911]))  # no error while writing


@pytest.mark.django_db
class TestInTheEditor:
    def post(self, client, editor, lesson, items, action):
        client.force_login(editor)
        data = lesson_form_data(lesson, items, summary="Edited summary.")
        return client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), {**data, action: "go"})

    def test_submitting_an_emergency_lesson_without_sources_shows_the_error(
        self, client, editable_course, editor
    ):
        lesson = LessonPage.objects.first()
        response = self.post(client, editor, lesson, SIMPLE_BODY + [EMERGENCY], "action-submit")
        assert response.status_code == 200
        html = response.content.decode()
        assert "The page could not be saved due to validation errors" in html
        assert "This lesson has an Emergency callout, so it needs a Sources block" in html
        assert not WorkflowState.objects.active().filter(object_id=str(lesson.pk)).exists()

    def test_publishing_without_sources_is_refused_for_site_admins_too(
        self, client, editable_course, make_user
    ):
        admin = make_user("site-admin", "Site admins")
        lesson = LessonPage.objects.first()
        editorial.attach_site(lesson.get_ancestors().get(depth=2))  # the home page: site admins' section
        assert lesson.permissions_for_user(admin).can_publish()
        response = self.post(client, admin, lesson, SIMPLE_BODY + [CALL_911], "action-publish")
        assert response.status_code == 200
        assert "This lesson has a &#x27;Call 911 if&#x27; block, so it needs a Sources block" in (
            response.content.decode()
        )
        lesson.refresh_from_db()
        assert lesson.summary != "Edited summary."

    def test_with_a_source_it_goes_to_review(self, client, editable_course, editor):
        lesson = LessonPage.objects.first()
        response = self.post(client, editor, lesson, SIMPLE_BODY + [EMERGENCY, SOURCES], "action-submit")
        assert response.status_code == 302
        assert WorkflowState.objects.active().filter(object_id=str(lesson.pk)).exists()

    def test_a_draft_without_sources_can_be_saved(self, client, editable_course, editor):
        lesson = LessonPage.objects.first()
        response = self.post(client, editor, lesson, SIMPLE_BODY + [EMERGENCY], "action-save")
        assert response.status_code == 302
        assert (
            LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object().summary == "Edited summary."
        )
