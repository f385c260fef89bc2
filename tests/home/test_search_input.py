"""Search survives whatever is typed into it. The first cases are the ones wapiti (make scan)
turned into server errors: an unbalanced quote and a NUL byte reached the full-text engine."""

import pytest
from django.test import Client

HOSTILE_QUERIES = [
    "\";exit(md5('w4p1t1_md5'));//",
    "/etc/passwd\x00",
    "/e\x00",
    '"',
    "seizure AND",
    "NOT",
    "OR OR",
    "(",
    "NEAR(seizure",
    "seiz*",
    "^start",
    "col:umn",
    "'",
    "\\",
    "-",
    "\t\n",
    "\u202e\u200b",
]


@pytest.mark.django_db
def test_odd_queries_get_a_page_not_an_error(course):
    client = Client(raise_request_exception=False)
    statuses = {query: client.get("/search/", {"q": query}).status_code for query in HOSTILE_QUERIES}
    assert statuses == dict.fromkeys(HOSTILE_QUERIES, 200)


@pytest.mark.django_db
def test_punctuation_does_not_hide_results(client, course):
    plain = client.get("/search/", {"q": "lesson"}).context["paginator"].count
    assert plain > 0
    assert client.get("/search/", {"q": '"lesson'}).context["paginator"].count == plain
    assert client.get("/search/", {"q": "lesson\x00"}).context["paginator"].count == plain
