"""Delete visitors' progress rows whose session has long expired (run daily, with clearsessions)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from lessons.models import VisitorLessonProgress


class Command(BaseCommand):
    help = "Delete visitor progress untouched for longer than a session lasts (SESSION_COOKIE_AGE)."

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
        deleted, _ = VisitorLessonProgress.objects.filter(updated_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} visitor progress rows untouched since {cutoff:%Y-%m-%d}.")
