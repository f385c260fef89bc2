"""Clinical reviews become rows of their own (lessons.ClinicalReview) instead of two fields of
LessonPage, so recording a review never edits a page or a revision. The stamps lessons already
carry (each written when a clinical reviewer approved a submission) are kept as approvals. Then
the groups get their new permissions (review history; quiz results for clinical reviewers)."""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from lessons import editorial


def keep_existing_stamps(apps, schema_editor):
    LessonPage = apps.get_model("lessons", "LessonPage")
    ClinicalReview = apps.get_model("lessons", "ClinicalReview")
    stamped = LessonPage.objects.filter(reviewer__isnull=False, last_reviewed__isnull=False).select_related("reviewer")
    for lesson in stamped:
        reviewed_at = datetime.datetime.combine(lesson.last_reviewed, datetime.time(12), timezone.get_current_timezone())
        ClinicalReview.objects.create(
            page_id=lesson.pk,
            revision_id=lesson.live_revision_id,
            user_id=lesson.reviewer.user_id,
            reviewer_name=lesson.reviewer.name,
            reviewer_credentials=lesson.reviewer.credentials,
            reviewed_at=reviewed_at,
            outcome="approved",
            route="workflow",
        )


def grant_permissions(apps, schema_editor):
    editorial.ensure_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('lessons', '0007_access_log_by_learner'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
        ('quizzes', '0002_attempt_results_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='ClinicalReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reviewer_name', models.CharField(help_text="The reviewer's name as the page shows it.", max_length=120)),
                ('reviewer_credentials', models.CharField(blank=True, max_length=120)),
                ('reviewed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('outcome', models.CharField(choices=[('approved', 'Approved as reviewed'), ('changes_requested', 'Changes requested')], max_length=20)),
                ('route', models.CharField(choices=[('queue', 'Review queue'), ('workflow', 'Submitted change')], max_length=10)),
                ('note', models.TextField(blank=True, help_text="The reviewer's note to editors; for requested changes, what to change.")),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='clinical_reviews', to=settings.WAGTAIL_PAGE_MODEL)),
                ('revision', models.ForeignKey(help_text='The version of the page the reviewer read.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision')),
                ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='clinical_reviews', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'clinical review',
                'ordering': ['-reviewed_at'],
                'indexes': [models.Index(fields=['page', 'outcome', 'reviewed_at'], name='clinical_review_by_page')],
            },
        ),
        migrations.RunPython(keep_existing_stamps, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='lessonpage',
            name='last_reviewed',
        ),
        migrations.RemoveField(
            model_name='lessonpage',
            name='reviewer',
        ),
        migrations.AlterField(
            model_name='lessonpage',
            name='review_interval_months',
            field=models.PositiveSmallIntegerField(default=12, help_text='How often a clinician must check this lesson again, in months. 12 is usual; choose fewer for advice that changes quickly. The lesson shows up in the clinical review queue 30 days before it is due.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(36)]),
        ),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
