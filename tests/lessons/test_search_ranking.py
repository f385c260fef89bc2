"""Search: title and summary matches first, snippets with the searched words marked (escaped),
and the pages editors promote for a search (issue 17)."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from lessons import editorial
from lessons.models import LessonPage, ModulePage
from lessons.search import mark
from tests.factories import LessonPageFactory


@pytest.fixture
def lessons(course):
    module = ModulePage.objects.child_of(course).first()
    body_only = LessonPageFactory(
        parent=module,
        slug="who-can-help",
        title="Who can help",
        summary="People and services for the family.",
        body=[
            ("paragraph", "<p>A pharmacist can explain a taper. A taper is slow. Ask about a taper.</p>"),
        ],
    )
    in_summary = LessonPageFactory(
        parent=module,
        slug="first-weeks",
        title="The first weeks",
        summary="What a taper feels like, week by week.",
    )
    in_title = LessonPageFactory(
        parent=module, slug="taper-plan", title="How a taper is planned", summary="Slow steps <safe>."
    )
    for page in Page.objects.descendant_of(course).specific():
        page.save_revision().publish()
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    return body_only, in_summary, in_title


def titles(response):
    return [result.title for result in response.context["results"]]


@pytest.mark.django_db
def test_title_then_summary_then_body(client, lessons):
    body_only, in_summary, in_title = lessons
    order = titles(client.get("/search/", {"q": "taper"}))
    assert order.index(in_title.title) < order.index(in_summary.title) < order.index(body_only.title)


@pytest.mark.django_db
def test_snippets_mark_the_words_and_escape_the_text(client, lessons):
    html = client.get("/search/", {"q": "taper"}).content.decode()
    assert "can explain a <mark>taper</mark>. A <mark>taper</mark> is slow." in html
    assert "What a <mark>taper</mark> feels like, week by week." in html
    assert "Slow steps &lt;safe&gt;." in html and "<safe>" not in html
    assert str(mark("<b>taper</b> & amp", "taper amp")) == (
        "&lt;b&gt;<mark>taper</mark>&lt;/b&gt; &amp; <mark>amp</mark>"
    )


@pytest.mark.django_db
def test_editors_promote_a_page_for_a_search(client, lessons, roles):
    body_only, _, _ = lessons
    query = Query.get("taper")
    SearchPromotion.objects.create(query=query, page=body_only, description="Start here.", sort_order=0)
    response = client.get("/search/", {"q": "Taper"})
    html = response.content.decode()
    assert 'Recommended for "Taper"' in html and "Start here." in html
    assert html.index(body_only.url) < html.index('aria-live="polite"')
    assert body_only.title not in titles(response)  # not listed twice
    editors = roles[editorial.EDITORS]
    assert editors.permissions.filter(codename="add_searchpromotion").exists()


@pytest.mark.django_db
def test_a_search_writes_nothing(client, lessons, django_assert_max_num_queries):
    client.get("/")
    with django_assert_max_num_queries(12):
        client.get("/search/", {"q": "taper"})
    assert not Query.objects.exists()
    assert LessonPage.objects.live().count() >= 3


@pytest.mark.django_db
def test_search_finds_and_shows_the_pages_words_not_their_link_names_or_choices(client, seeded_site):
    """A heading's link name ("call-911-list"), a picture's English name and a callout's kind
    were indexed and shown as if they were lesson text, so "/es/buscar/?q=after" found Spanish
    pages by "right-after" (found in a 375 px trial)."""
    english = client.get("/search/", {"q": "911"})
    shown = " ".join(str(result.snippet) for result in english.context["results"])
    assert english.context["results"] and "-list" not in shown and "call-911" not in shown
    for words in ("after", "right after", "level"):
        found = client.get("/es/buscar/", {"q": words}).context["results"]
        assert [page.url for page in found] == [], words  # no English word in a Spanish page's text
    assert client.get("/es/buscar/", {"q": "convulsión"}).context["results"]
