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


def svg_texts(path):
    return re.findall(r"<(?:text|title)[^>]*>(.*?)</(?:text|title)>", path.read_text())


@pytest.mark.parametrize("picture", list(TeachingPictureBlock.PICTURES))
def test_a_spanish_page_shows_each_picture_with_its_words_in_spanish(picture):
    """The pictures' own words (STAY SAFE SIDE, AN EXAMPLE, NOT A PLAN) were English on Spanish
    pages, where only the alt text was Spanish (found in a 375 px trial)."""
    from django.utils import translation

    block = TeachingPictureBlock()
    value = block.to_python({"picture": picture, "alt_text": "Un dibujo.", "text_equivalent": WORDS})
    with translation.override("es"):
        html = block.render(value)
    static = Path(settings.BASE_DIR) / "static"
    for name in TeachingPictureBlock.PICTURES[picture][1]:
        spanish = name.replace("img/teach/", "img/teach/es/")
        assert f"/static/{spanish}" in html and f"/static/{name}" not in html
        english_words, spanish_words = svg_texts(static / name), svg_texts(static / spanish)
        assert len(spanish_words) >= len(english_words) > 0
        assert not set(english_words) & set(spanish_words), spanish  # every word drawn is translated
    if picture == "taper_example":
        words = " ".join(svg_texts(static / "img/teach/es/taper-example.svg"))
        assert "UN EJEMPLO, NO UN PLAN" in words and not re.search(r"[0-9%]", words)
    if picture == "stay_safe_side":  # the memory aid as the Spanish lesson and safety card say it
        words = [svg_texts(static / f"img/teach/es/{panel}.svg")[-1] for panel in ("stay", "safe", "side")]
        assert words == ["QUÉDESE", "PROTÉJALA", "DE LADO"]
