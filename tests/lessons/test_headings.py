"""No page repeats a heading: a heading (h1 to h4, or a care card's title) that is another
heading on the same page, or its beginning ("Call 911 if" under "Call 911 if any of these is
true"), tells the reader nothing new (issue 17)."""

import re

import pytest
from wagtail.models import Page

HEADING = re.compile(r'<(h[1-4])[^>]*>(.*?)</\1>|class="care-card__title">(.*?)</p>', re.S)


def headings(html):
    main = html[html.index('<main id="main"') : html.index("</main>")]
    texts = [re.sub(r"<[^>]+>", "", level and text or card) for level, text, card in HEADING.findall(main)]
    return [" ".join(t.split()).rstrip(":").lower() for t in texts if t.strip()]


@pytest.mark.django_db
def test_no_page_of_the_course_repeats_a_heading(seeded_site, client):
    repeats = {}
    for page in Page.objects.live().filter(depth__gt=1).specific():
        found = headings(client.get(page.url).content.decode())
        later = [(a, b) for i, a in enumerate(found) for b in found[i + 1 :]]
        pairs = [(a, b) for a, b in later if a.startswith(b) or b.startswith(a)]
        if pairs:
            repeats[page.url] = pairs
    assert repeats == {}
