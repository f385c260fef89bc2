"""Editorial roles and the "Clinical review" workflow (see lessons/editorial.py).

Creates the groups Editors, Clinical reviewers, Site admins and Counselors with their
permissions and the "Clinical review" workflow; reshapes Wagtail's default Editors group and
retires its Moderators group and "Moderators approval" workflow; attaches the home page and
the course if they already exist (on a new database the course loader attaches them).
Safe to run on a database where any of this already exists.
"""

from django.db import migrations

from lessons import editorial


def forwards(apps, schema_editor):
    editorial.ensure_roles(apps)
    editorial.reshape_wagtail_defaults(apps)
    for home in apps.get_model("home", "HomePage").objects.all():
        editorial.attach_site(home, apps)
    for course in apps.get_model("lessons", "CoursePage").objects.all():
        editorial.attach_course(course, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0001_initial"),
        ("lessons", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
