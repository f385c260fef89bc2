"""The Spanish edition: each English page translated with wagtail-localize, from lessons/content/es/.

The Spanish content files have the English files' shape (lessons/content/es/README.md): the same
keys, lists and HTML tags, with Spanish words. Walking the two side by side gives a translation
memory (English string -> Spanish string, split into segments the way wagtail-localize splits
them). Each English page then gets a wagtail-localize translation: its source is taken from the
page as stored, each of its strings is filled from the memory, and the Spanish page is saved
by wagtail-localize itself. So the Spanish pages are ordinary synced translations: translators
download and upload PO files for them in the admin, "Sync translated pages" brings in the
English changes, and `translation_state` tells editors when one is behind its English source.

Strings the memory does not hold (an editor changed the English since the files were written)
are listed in the report and left in English by wagtail-localize's fallback, never guessed.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue, extract_strings

from . import editorial
from .content_files import read_yaml
from .models import GlossaryTerm

SPANISH = "es"

# What the loader itself writes in English (not from a content file), in Spanish.
LOADER_WORDS = {
    "Sources": "Fuentes",
    "Key points": "Puntos clave",
    "Call 911 if": "Llame al 911 si",
    "faq": "preguntas-frecuentes",
    "safety": "tarjeta-de-seguridad",
    "home": "inicio",
    "quiz": "cuestionario",
}

HTML = re.compile(r"<[a-z][^>]*>", re.I)


def _plain(text):
    return StringValue.from_plaintext(text).data


def _pairs(english, spanish):
    """(English segment, Spanish segment) pairs of one string of the content files."""
    if not (isinstance(english, str) and isinstance(spanish, str)):
        return []
    pairs = [(_plain(english), _plain(spanish))]
    if HTML.search(english):
        english_strings, spanish_strings = extract_strings(english)[1], extract_strings(spanish)[1]
        if len(english_strings) == len(spanish_strings):
            pairs += [
                (en.data, es.data) for (en, _), (es, _) in zip(english_strings, spanish_strings, strict=True)
            ]
    return pairs


def memory_from(english, spanish, memory=None):
    """Walk two content trees of the same shape and collect their string pairs."""
    memory = {} if memory is None else memory
    if isinstance(english, dict) and isinstance(spanish, dict):
        for key, value in english.items():
            if key in spanish and key != "url":  # addresses are not words (and stay the same)
                memory_from(value, spanish[key], memory)
    elif isinstance(english, list) and isinstance(spanish, list):
        for en_item, es_item in zip(english, spanish, strict=False):
            memory_from(en_item, es_item, memory)
        if all(isinstance(item, str) for item in [*english, *spanish]):  # e.g. a term's other forms
            for en_text, es_text in _pairs(", ".join(english), ", ".join(spanish)):
                memory.setdefault(en_text, es_text)
    else:
        for en_text, es_text in _pairs(english, spanish):
            memory.setdefault(en_text, es_text)
    return memory


def read_memory(content_dir):
    """The translation memory of the whole course: every English file beside its Spanish one."""
    content_dir = Path(content_dir)
    spanish_dir = content_dir / SPANISH
    memory = {_plain(en): _plain(es) for en, es in LOADER_WORDS.items()}
    missing = []
    for english_file in sorted([*content_dir.glob("*.yaml"), *(content_dir / "modules").glob("*.yaml")]):
        spanish_file = spanish_dir / english_file.relative_to(content_dir)
        if not spanish_file.exists():
            missing.append(str(spanish_file.relative_to(content_dir)))
            continue
        english, spanish = read_yaml(english_file), read_yaml(spanish_file)
        memory_from(english, spanish, memory)
    return memory, missing


@dataclass
class EditionReport:
    language: str
    translated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    untranslated_strings: dict = field(default_factory=dict)  # page path -> English strings left
    missing_files: list = field(default_factory=list)

    def __str__(self):
        done, kept = len(self.translated), len(self.unchanged)
        text = f"{self.language}: {done} pages and terms translated, {kept} unchanged"
        if self.untranslated_strings:
            count = sum(len(strings) for strings in self.untranslated_strings.values())
            text += f"; {count} strings on {len(self.untranslated_strings)} pages left in English"
        return text


def source_json(instance):
    """`instance` serialised as wagtail-localize keeps it in TranslationSource.content_json
    (TranslationSource.update_from_db): unchanged English needs no new extraction of strings."""
    if isinstance(instance, ClusterableModel):
        return instance.to_json()
    return json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder)


class SpanishEdition:
    """Translates the English site's pages into Spanish with wagtail-localize."""

    def __init__(self, content_dir, update=False):
        self.content_dir = Path(content_dir)
        self.update = update
        self.report = EditionReport(language=SPANISH)

    @transaction.atomic
    def load(self, home):
        if SPANISH not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
            return self.report
        self.locale, _ = Locale.objects.get_or_create(language_code=SPANISH)
        self.memory, self.report.missing_files = read_memory(self.content_dir)
        if self.report.missing_files:
            return self.report
        english = Page.objects.descendant_of(home, inclusive=True).filter(locale=home.locale)
        for page in english.order_by("path"):
            self.translate(page.specific)
        for term in GlossaryTerm.objects.filter(locale=home.locale):
            self.translate_term(term)
        return self.report

    def translate(self, page):
        existing = page.get_translation_or_none(self.locale)
        if existing is not None and not self.update:
            self.report.unchanged.append(existing.url_path)
            return existing
        translation, changed = self.fill(page, label=page.url_path)
        if existing is not None and not changed:
            self.report.unchanged.append(existing.url_path)
            return existing
        # A draft, then published here and now: wagtail-localize itself publishes only once the
        # transaction commits, which a loader's caller (a test, a larger transaction) may not do.
        translation.save_target(publish=False)
        translated = page.get_translation(self.locale)
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
        if translated.specific_class.__name__ == "CoursePage":
            editorial.attach_course(translated)
        self.report.translated.append(translated.url_path)
        return translated

    def translate_term(self, term):
        """A glossary term (a translatable snippet) into Spanish, the same way as a page."""
        existing = term.get_translation_or_none(self.locale)
        label = f"glossary: {term.term}"
        if existing is not None and not self.update:
            self.report.unchanged.append(label)
            return existing
        translation, changed = self.fill(term, label=label)
        if existing is not None and not changed:
            self.report.unchanged.append(label)
            return existing
        translation.save_target(publish=True)
        self.report.translated.append(label)
        return term.get_translation(self.locale)

    def fill(self, instance, label):
        """The wagtail-localize Translation of `instance`, every string filled from the memory,
        and whether anything changed (the English source, or a Spanish string)."""
        source, changed = TranslationSource.get_or_create_from_instance(instance)
        if not changed and source.content_json != source_json(instance):
            source.update_from_db()  # saves the new content and extracts its strings again
            changed = True
        translation, _ = Translation.objects.get_or_create(
            source=source, target_locale=self.locale, defaults={"enabled": True}
        )
        left = []
        segments = list(StringSegment.objects.filter(source=source).select_related("string", "context"))
        # What is translated already, read at once rather than one query per string.
        kept = {
            (row.translation_of_id, row.context_id): row
            for row in StringTranslation.objects.filter(
                locale=self.locale,
                translation_of__in={segment.string_id for segment in segments},
                context__in={segment.context_id for segment in segments},
            )
        }
        for segment in segments:
            spanish = self.memory.get(segment.string.data)
            if spanish is None:
                left.append(segment.string.data)
                continue
            translated = kept.get((segment.string_id, segment.context_id))
            if translated is not None and translated.data == spanish:
                continue
            if translated is None:  # saved one by one: wagtail-localize checks each on save
                translated = StringTranslation(
                    translation_of=segment.string, locale=self.locale, context=segment.context
                )
                kept[segment.string_id, segment.context_id] = translated
            translated.data = spanish
            translated.translation_type = StringTranslation.TRANSLATION_TYPE_MANUAL
            translated.save()
            changed = True
        if left:
            self.report.untranslated_strings[label] = left
        return translation, changed
