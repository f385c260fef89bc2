"""Pictures that teach: required alt text and words, files served from static/, the taper picture
always labelled as an example."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.blocks import StructBlockValidationError

from home.blocks import TeachingPictureBlock

WORDS = "<p>Turn them on their side.</p>"


@pytest.mark.parametrize("picture", list(TeachingPictureBlock.PICTURES))
def test_each_picture_renders_with_its_alt_text_and_words(picture):
    block = TeachingPictureBlock()
    value = block.to_python({"picture": picture, "alt_text": "A drawing.", "text_equivalent": WORDS})
    html = block.render(value)
    assert WORDS in html
    assert 'alt="A drawing."' in html or 'aria-label="A drawing."' in html
    for name in TeachingPictureBlock.PICTURES[picture][1]:
        assert (Path(settings.BASE_DIR) / "static" / name).read_text().startswith("<svg")
        assert f"/static/{name}" in html
    assert ("An example, not a plan" in html) == (picture == "taper_example")


@pytest.mark.parametrize("missing", ["alt_text", "text_equivalent"])
def test_alt_text_and_words_are_required(missing):
    block = TeachingPictureBlock()
    data = {"picture": "recovery_position", "alt_text": "A drawing.", "text_equivalent": WORDS}
    data[missing] = ""
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python(data))


def test_the_taper_picture_shows_no_numbers():
    """An example, not a plan: no doses, percentages or week counts that could read as a plan."""
    svg = (Path(settings.BASE_DIR) / "static/img/teach/taper-example.svg").read_text()
    texts = " ".join(re.findall(r"<(?:text|title)[^>]*>(.*?)</(?:text|title)>", svg))
    assert "AN EXAMPLE, NOT A PLAN" in texts and "pause" in texts
    assert not re.search(r"[0-9%]", texts)
