from django.core.management.base import BaseCommand

from circles.reminders import pending_reminders, send_reminder


class Command(BaseCommand):
    help = "Email learners whose assigned module is due in 2 days or overdue. Safe to run hourly."

    def handle(self, *args, **options):
        sent = sum(send_reminder(*reminder) for reminder in list(pending_reminders()))
        self.stdout.write(f"Reminders sent: {sent}.")
