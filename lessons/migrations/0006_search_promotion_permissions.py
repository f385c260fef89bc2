from django.db import migrations

from lessons import editorial


def grant_permissions(apps, schema_editor):
    """Search promotions exist now: editors and site admins may pin pages to a search."""
    editorial.ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0005_clinical_reviews"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
