"""The lesson body: the shared block library plus the rule that safety facts need sources."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail.blocks import StreamBlockValidationError

from home.blocks import CalloutBlock, CourseStreamBlock


def safety_blocks(stream_value):
    """Labels of the blocks that carry safety information, in order: every 'Call 911 if' block
    and every Emergency, Warning or 'Taper or dose fact' callout."""
    found = []
    for block in stream_value:
        if block.block_type == "call_911":
            found.append("a 'Call 911 if' block")
        elif block.block_type == "callout" and block.value.get("kind") in CalloutBlock.SAFETY_KINDS:
            kind = CalloutBlock.SAFETY_KINDS[block.value["kind"]]
            found.append(f"{'an' if kind[0] in 'AEIOU' else 'a'} {kind} callout")
    return list(dict.fromkeys(found))


def has_sources(stream_value):
    """Whether the body has a Sources block listing at least one source."""
    return any(
        block.block_type == "sources" and len(block.value.get("items") or []) >= 1 for block in stream_value
    )


def missing_sources_message(stream_value):
    """Why this body cannot be sent for review or published, in plain words; None when it can.

    The rule: a lesson with safety information (see `safety_blocks`) must have a Sources block
    with at least one source.
    """
    found = safety_blocks(stream_value)
    if not found or has_sources(stream_value):
        return None
    listed = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
    return (
        f"This lesson has {listed}, so it needs a Sources block with at least one source before it "
        "can be sent for review or published. Add a Sources block at the end of the lesson and list "
        "where these safety facts come from."
    )


class LessonStreamBlock(CourseStreamBlock):
    """Every block a lesson can use. A lesson with safety information cannot be sent for review
    or published without a Sources block; drafts can still be saved while it is being written."""

    def clean(self, value):
        value = super().clean(value)
        if not self.is_deferred_validation:
            message = missing_sources_message(value)
            if message:
                raise StreamBlockValidationError(non_block_errors=ErrorList([ValidationError(message)]))
        return value
