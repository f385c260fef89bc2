"""The course's own safety steps, taken from the safety card so the toolkit never keeps a second
copy: its first 'Numbered steps' block (Stay, Safe, Side) and its first 'Call 911 if' block."""

from dataclasses import dataclass

from home.languages import active_locale_id, default_locale_id
from home.models import SafetyCardPage


@dataclass
class SafetySteps:
    steps: object = None  # the numbered steps block's value: title and steps
    call_911: object = None  # the 'Call 911 if' block's value: title, intro and criteria
    card_url: str = "/safety/"


def safety_steps(request=None):
    """The steps from the live safety card in the reader's language (the English one where it
    has none); empty when there is no card yet."""
    cards = SafetyCardPage.objects.live().public().only("id", "url_path", "body")
    card = (
        cards.filter(locale_id=active_locale_id(request)).first()
        or cards.filter(locale_id=default_locale_id(request)).first()
    )
    if card is None:
        return SafetySteps()
    found = SafetySteps(card_url=card.url or "/safety/")
    for block in card.body:
        if block.block_type == "numbered_steps" and found.steps is None:
            found.steps = block.value
        elif block.block_type == "call_911" and found.call_911 is None:
            found.call_911 = block.value
    return found
