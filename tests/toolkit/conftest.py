"""Toolkit fixtures: a safety card with the course's steps, and signed-in clients."""

import pytest
from django.test import Client

from home.models import SafetyCardPage
from tests.factories import UserFactory

CARD_BODY = [
    {
        "type": "numbered_steps",
        "value": {
            "title": "Stay, Safe, Side",
            "steps": [
                {"title": "Stay", "text": "<p>Stay with them and time the seizure.</p>"},
                {"title": "Safe", "text": "<p>Move hard or sharp things away.</p>"},
                {"title": "Side", "text": "<p>Turn them on their side.</p>"},
            ],
        },
    },
    {
        "type": "call_911",
        "value": {
            "title": "Call 911 if",
            "intro": "",
            "criteria": ["It lasts longer than 5 minutes.", "It is a first seizure."],
            "source": "CDC",
        },
    },
]


@pytest.fixture
def safety_card(home_page):
    card = SafetyCardPage(title="Seizure first aid card", slug="safety", body=CARD_BODY)
    home_page.add_child(instance=card)
    card.save_revision().publish()
    return card


@pytest.fixture
def signed_in(db):
    """A signed-in client for a new learner: signed_in("ana") -> (client, user)."""

    def make(username="ana", **fields):
        user = UserFactory(username=username, **fields)
        client = Client()
        client.force_login(user)
        return client, user

    return make
