"""Every page has a meta description (from its search description, summary or intro), and the
glossary is in the main navigation (issue 17)."""

import re

import pytest
from wagtail.models import Page

from lessons.models import LessonPage, ModulePage

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')


def description(client, path):
    html = client.get(path).content.decode()
    found = DESCRIPTION.findall(html)
    assert len(found) == 1, path
    return found[0]


@pytest.mark.django_db
def test_each_page_describes_itself_from_its_summary(client, course):
    module = ModulePage.objects.child_of(course).order_by("path").first()
    lesson = LessonPage.objects.child_of(module).order_by("path").first()
    for page in Page.objects.descendant_of(course, inclusive=True).specific():
        page.save_revision().publish()
    lesson.refresh_from_db()
    assert description(client, lesson.url) == lesson.summary
    assert description(client, module.url) == module.summary
    lesson.search_description = "What to do in the first minutes."
    lesson.save_revision().publish()
    assert description(client, lesson.url) == "What to do in the first minutes."


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/search/", "/glossary/", "/accounts/login/", "/dashboard/"])
def test_pages_without_a_summary_get_the_sites_description(client, home_page, path):
    text = description(client, path)
    assert len(text) > 50 and "<" not in text


@pytest.mark.django_db
def test_the_glossary_is_in_the_main_navigation(client, home_page):
    html = client.get("/").content.decode()
    nav = html[html.index('aria-label="Main"') : html.index("</nav>")]
    assert '<a href="/glossary/">Words explained</a>' in nav


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Not passed: a must-know question was wrong",
            'Not passed: a <span class="nowrap">must-know</span> question was wrong',
        ),
        ("No aprobó: una pregunta esencial estuvo mal", "No aprobó: una pregunta esencial estuvo mal"),
        (
            "Auto-cuidado y <b>x-y</b>",
            '<span class="nowrap">Auto-cuidado</span> y &lt;b&gt;<span class="nowrap">x-y</span>&lt;/b&gt;',
        ),
        ("A dash - between words, and 80%", "A dash - between words, and 80%"),
    ],
)
def test_hyphenated_words_are_kept_together_in_either_language_and_escaped(text, expected):
    from home.templatetags.site_tags import keep_hyphenated_words_together

    assert keep_hyphenated_words_together(text) == expected
