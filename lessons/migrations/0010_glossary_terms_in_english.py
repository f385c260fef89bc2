"""Every existing glossary term is English (the default locale), each its own translation key."""

import uuid

from django.conf import settings
from django.db import migrations


def english(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    GlossaryTerm = apps.get_model("lessons", "GlossaryTerm")
    terms = list(GlossaryTerm.objects.filter(locale__isnull=True))
    if not terms:
        return
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for term in terms:
        term.locale = locale
        term.translation_key = uuid.uuid4()
    GlossaryTerm.objects.bulk_update(terms, ["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [("lessons", "0009_glossary_term_locale")]

    operations = [migrations.RunPython(english, migrations.RunPython.noop)]
