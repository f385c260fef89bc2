"""What changed in a page's text between the version a clinician last reviewed and the one in
front of them now.

A page's text is a list of units: its title and summary, then each paragraph, list item,
heading or other piece of text in its body, Sources included (a quiz: each question, answer,
feedback and explanation, with which answers are right). The difference is computed on those
units with difflib, keeping one unchanged unit around each change so the reviewer sees where it is.
"""

import difflib
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from .readability import lesson_text_units

SAME, ADDED, REMOVED, GAP = "same", "added", "removed", "gap"


@dataclass(frozen=True)
class DiffLine:
    """One unit of text in the difference: unchanged, added, removed, or a gap of unchanged text."""

    kind: str
    text: str = ""


def _quiz_units(quiz):
    for number, question in enumerate(quiz.answer_key(with_links=False), start=1):
        if question.scenario:
            yield gettext("Question %(number)d scenario: %(text)s") % {
                "number": number,
                "text": question.scenario,
            }
        if question.must_know:
            heading = gettext("Question %(number)d (must know): %(text)s")
        else:
            heading = gettext("Question %(number)d: %(text)s")
        yield heading % {"number": number, "text": question.text}
        for choice in question.choices:
            if choice.correct:
                answer = gettext("Right answer: %(text)s. Feedback: %(feedback)s")
            else:
                answer = gettext("Wrong answer: %(text)s. Feedback: %(feedback)s")
            yield answer % {"text": choice.text, "feedback": choice.feedback}
        yield gettext("Why: %(text)s") % {"text": question.explanation}


def page_text(page):
    """The units of text of one version of a lesson or quiz (a specific page instance)."""
    units = [gettext("Title: %(text)s") % {"text": page.title}]
    summary = getattr(page, "summary", "") or getattr(page, "intro", "")
    if summary:
        units.append(gettext("Summary: %(text)s") % {"text": summary})
    if hasattr(page, "answer_key"):
        units.extend(_quiz_units(page))
    elif hasattr(page, "body"):
        units.extend(lesson_text_units(page.body, excluded=()))
    return units


def text_diff(before, after, context=1):
    """DiffLines from the units `before` (None: never reviewed, so everything is new) to `after`;
    an empty list when nothing changed."""
    if before is None:
        return [DiffLine(ADDED, unit) for unit in after]
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    lines = []
    for group in matcher.get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine(GAP))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine(SAME, unit) for unit in before[i1:i2])
                continue
            lines.extend(DiffLine(REMOVED, unit) for unit in before[i1:i2])
            lines.extend(DiffLine(ADDED, unit) for unit in after[j1:j2])
    return lines


@dataclass
class ReviewMaterial:
    """What a clinical reviewer reads before deciding: the version under review (the live page, or
    the submitted revision), its last approval, what changed since then, its reading grade and the
    sources its Sources blocks list."""

    version: object
    revision: object
    last_approval: object
    changes: list
    reading: object
    sources: list


def review_material(page, submitted):
    """The material for reviewing `page` (specific): its submitted (latest) revision when
    `submitted`, else its live version."""
    from .readability import lesson_language, lesson_readability, measure
    from .review import latest_approval

    revision = page.get_latest_revision() if submitted else page.live_revision
    version = revision.as_object() if revision is not None else page
    approval = latest_approval(page)
    reviewed = approval.revision.as_object() if approval and approval.revision_id else None
    if hasattr(version, "answer_key"):
        with translation.override("en"):  # the grade must not change with the reviewer's language
            reading = measure(page_text(version)[1:], lesson_language(version))
        sources = []
    else:
        reading = lesson_readability(version)
        sources = [
            item for block in version.body if block.block_type == "sources" for item in block.value["items"]
        ]
    return ReviewMaterial(
        version=version,
        revision=revision,
        last_approval=approval,
        changes=text_diff(page_text(reviewed) if reviewed is not None else None, page_text(version)),
        reading=reading,
        sources=sources,
    )
