"""Accessibility in the editor: Wagtail's content checker runs with the rules editors can act
on, and images in lessons cannot go out without alt text."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from wagtail_factories import ImageFactory

from lessons.models import LessonPage


def checker_configuration(html):
    found = re.search(
        r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "the content checker is missing from the userbar"
    return json.loads(found.group(1))


@pytest.mark.django_db
def test_userbar_checker_looks_at_alt_text_heading_order_and_link_names(client, editable_course, editor):
    lesson = LessonPage.objects.first()
    client.force_login(editor)
    configuration = checker_configuration(client.get(lesson.url).content.decode())
    rules = configuration["options"]["runOnly"]
    for rule in [
        "image-alt",
        "alt-text-quality",
        "heading-order",
        "empty-heading",
        "link-name",
        "button-name",
    ]:
        assert rule in rules
    assert configuration["context"]["include"] == ["main"]
    assert configuration["messages"]["image-alt"]["error_name"] == "Image has no alt text"


@pytest.mark.django_db
def test_visitors_get_no_userbar(client, editable_course):
    assert "checker-axe-configuration" not in client.get(LessonPage.objects.first().url).content.decode()


@pytest.mark.django_db
class TestImageAltText:
    @pytest.fixture
    def image(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        return ImageFactory(title="Recovery position")

    def block(self):
        return LessonPage.body.field.stream_block.child_blocks["image"]

    @pytest.mark.parametrize("alt_text", ["", "   "])
    def test_an_image_without_alt_text_is_refused(self, image, alt_text):
        block = self.block()
        with pytest.raises(ValidationError) as error:
            block.clean(block.to_python({"image": image.pk, "alt_text": alt_text, "caption": ""}))
        assert "alt_text" in error.value.block_errors

    def test_the_alt_text_is_what_screen_readers_get(self, image):
        block = self.block()
        value = block.clean(block.to_python({"image": image.pk, "alt_text": "A person lying on their side"}))
        html = block.render(value)
        assert 'alt="A person lying on their side"' in html


def _list_children(block, path="body"):
    from wagtail import blocks

    if isinstance(block, blocks.ListBlock):
        yield path, block.child_block
        yield from _list_children(block.child_block, path + "[]")
    for name, child in getattr(block, "child_blocks", {}).items():
        yield from _list_children(child, f"{path}.{name}")


def test_every_line_of_a_list_block_is_labelled_in_the_editor():
    """A list's lines (the Do and Don't lists, 'Call 911 if', key points, steps, sources) each
    get a label, so the editor's inputs are not unlabelled form fields (axe: critical)."""
    unlabelled = [
        path for path, child in _list_children(LessonPage.body.field.stream_block) if not child.label
    ]
    assert unlabelled == []
    do_dont = LessonPage.body.field.stream_block.child_blocks["do_dont"]
    assert do_dont.child_blocks["do"].child_block.label == "Something to do"
    assert do_dont.child_blocks["dont"].child_block.label == "Something not to do"
