"""Build a module's quiz from the `quiz:` section of its content file (see lessons/content/SCHEMA.md).

The content is checked with the same block validation editors get in the admin, so a content
file cannot seed a quiz an editor could not publish. When a quiz is reloaded with --update, its
questions and answers keep their block ids position by position, so past attempts and the
analytics still refer to the same questions.
"""

from django.core.exceptions import ValidationError
from wagtail.models import Page

from .blocks import BLOCK_TYPE_BY_KIND, QuizQuestionsBlock

QUESTIONS_BLOCK = QuizQuestionsBlock()


def find_lesson(module, slug):
    """The lesson a question links to: in the quiz's module first, else anywhere in the course."""
    lesson = Page.objects.child_of(module).filter(slug=slug).first()
    if lesson is None:
        lesson = Page.objects.descendant_of(module.get_parent()).filter(slug=slug).first()
    if lesson is None:
        raise ValueError(
            f"The quiz of module “{module.slug}” links to a lesson “{slug}” that does not exist."
        )
    return lesson


def question_block(data, module):
    """Raw stream data for one question of the content file."""
    kind = data.get("kind", "single")
    if kind not in BLOCK_TYPE_BY_KIND:
        raise ValueError(f"Unknown question kind “{kind}” (use single, multiple or true_false).")
    lesson = data.get("lesson") or {}
    return {
        "type": BLOCK_TYPE_BY_KIND[kind],
        "id": None,
        "value": {
            "scenario": data.get("scenario", ""),
            "text": data["text"],
            "choices": [
                {
                    "type": "item",
                    "id": None,
                    "value": {
                        "text": choice["text"],
                        "correct": bool(choice.get("correct")),
                        "feedback": choice.get("feedback", ""),
                    },
                }
                for choice in data["choices"]
            ],
            "explanation": data.get("explanation", ""),
            "lesson": find_lesson(module, lesson["slug"]).pk if lesson.get("slug") else None,
            "anchor": lesson.get("anchor", ""),
            "must_know": bool(data.get("must_know")),
        },
    }


def keep_block_ids(new_raw, old_raw):
    """Give new questions (and their answers) the ids of the ones at the same place before."""
    for new, old in zip(new_raw, old_raw, strict=False):
        if new["type"] != old.get("type"):
            continue
        new["id"] = old.get("id")
        old_choices = (old.get("value") or {}).get("choices") or []
        for new_choice, old_choice in zip(new["value"]["choices"], old_choices, strict=False):
            if isinstance(old_choice, dict) and old_choice.get("type") == "item":
                new_choice["id"] = old_choice.get("id")


def describe(error):
    """A readable account of a (nested) block validation error, for the content author."""
    if hasattr(error, "block_errors"):
        parts = [f"{key}: {describe(child)}" for key, child in dict(error.block_errors).items()]
        parts += [describe(child) for child in getattr(error, "non_block_errors", [])]
        return "; ".join(parts)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def quiz_page_fields(data, module, existing=None):
    """The QuizPage fields for a module's `quiz:` section, validated like the admin form."""
    raw = [question_block(question, module) for question in data["questions"]]
    if existing is not None:
        keep_block_ids(raw, list(existing.questions.raw_data))
    value = QUESTIONS_BLOCK.to_python(raw)
    try:
        QUESTIONS_BLOCK.clean(value)
    except ValidationError as error:
        raise ValueError(f"The quiz of module “{module.slug}” is not valid: {describe(error)}") from error
    return {
        "title": data["title"],
        "intro": data.get("intro", ""),
        "pass_mark": data.get("pass_mark", 80),
        "shuffle": data.get("shuffle", True),
        "questions": QUESTIONS_BLOCK.get_prep_value(value),
    }
