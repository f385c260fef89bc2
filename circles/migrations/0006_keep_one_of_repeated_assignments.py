# Before the constraints of 0007 (a migration of its own: on PostgreSQL, rows deleted in the
# transaction that adds an index on their table would refuse it).

from datetime import date

from django.db import migrations


def keep_one_assignment_per_module_and_target(apps, schema_editor):
    """A module assigned twice to the same people (the whole circle, or one member) keeps the
    assignment that applied to the learner: the soonest due date (a date before none), else the
    one made first (circles.rules.applying_assignment); the others are deleted."""
    Assignment = apps.get_model("circles", "Assignment")
    targets = {}
    for a in Assignment.objects.only("pk", "circle_id", "module_id", "member_id", "due_date"):
        targets.setdefault((a.circle_id, a.module_id, a.member_id), []).append(a)
    extra = []
    for assignments in targets.values():
        kept = min(assignments, key=lambda a: (a.due_date is None, a.due_date or date.min, a.pk))
        extra += [a.pk for a in assignments if a is not kept]
    Assignment.objects.filter(pk__in=extra).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('circles', '0005_invites_always_expire'),
    ]

    operations = [
        migrations.RunPython(keep_one_assignment_per_module_and_target, migrations.RunPython.noop),
    ]
