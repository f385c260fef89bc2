"""The POST data Wagtail's page editor sends, built from plain Python values, so tests can act
through the admin's own views like an editor's browser does."""

from wagtail import blocks
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text


def block_data(block, value):
    """Form data for `value` in `block`; a stream is a list of (block_type, value) pairs."""
    if isinstance(block, blocks.StreamBlock):
        items = {
            str(index): {
                "type": block_type,
                "value": block_data(block.child_blocks[block_type], child),
                "deleted": "",
                "order": str(index),
                "id": "",
            }
            for index, (block_type, child) in enumerate(value)
        }
        return {**items, "count": str(len(value))}
    if isinstance(block, blocks.ListBlock):
        items = {
            str(index): {
                "value": block_data(block.child_block, child),
                "deleted": "",
                "order": str(index),
                "id": "",
            }
            for index, child in enumerate(value)
        }
        return {**items, "count": str(len(value))}
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_data(child, (value or {}).get(name)) for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value or "", features=block.features)
    return "" if value is None else str(value)


def lesson_form_data(lesson, body, **fields):
    """The lesson edit form filled in with the lesson's fields, `body` and any `fields` given."""
    from lessons.models import LessonPage

    data = {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": lesson.summary,
        "estimated_minutes": str(lesson.estimated_minutes),
        "review_interval_months": str(lesson.review_interval_months),
        "body": block_data(LessonPage.body.field.stream_block, body),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


SIMPLE_BODY = [
    ("heading", {"text": "What a taper is", "level": "h2", "anchor": "what-a-taper-is"}),
    ("paragraph", "<p>A taper lowers the dose slowly. The prescriber plans it with your loved one.</p>"),
]
SOURCES = (
    "sources",
    {
        "title": "Sources",
        "items": [
            {"title": "Seizure First Aid", "organisation": "CDC", "year": "", "url": "https://www.cdc.gov/"}
        ],
    },
)
CALL_911 = (
    "call_911",
    {
        "title": "Call 911 if",
        "intro": "",
        "criteria": ["The seizure lasts more than 5 minutes."],
        "source": "CDC",
    },
)
