"""Create the demo accounts for trying the site locally. Development settings only."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

# (username, email, password, display name, groups, is_superuser). Listed in README.md too.
DEMO_ACCOUNTS = [
    ("admin", "admin@example.com", "demo-admin-2026", "Site admin", [], True),
    ("editor", "editor@example.com", "demo-editor-2026", "Demo editor", ["Editors"], False),
    (
        "reviewer",
        "reviewer@example.com",
        "demo-reviewer-2026",
        "Demo reviewer",
        ["Clinical reviewers"],
        False,
    ),
    ("counselor", "counselor@example.com", "demo-counselor-2026", "Demo counselor", ["Counselors"], False),
    ("learner", "learner@example.com", "demo-learner-2026", "Sam", [], False),
]


class Command(BaseCommand):
    help = "Create the demo accounts (admin, editor, reviewer, counselor, learner). DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only (DEBUG is off).")
        User = get_user_model()
        self.stdout.write("Demo accounts (log in at /accounts/login/ or /admin/):")
        for username, email, password, display_name, groups, is_superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": email, "display_name": display_name},
            )
            if created:
                user.set_password(password)
            user.is_superuser = is_superuser
            user.is_staff = is_superuser or bool({"Editors", "Clinical reviewers"} & set(groups))
            user.save()
            for name in groups:
                group, _ = Group.objects.get_or_create(name=name)
                user.groups.add(group)
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            self.stdout.write(f"  {username:<10} {email:<24} {password}")
        self.create_demo_circle(User)

    def create_demo_circle(self, User):
        """The demo counselor's circle with the demo learner and two assignments."""
        from datetime import timedelta

        from django.utils import timezone

        from circles.models import Assignment, CareCircle, CircleMembership
        from lessons.models import ModulePage

        modules = list(ModulePage.objects.live().order_by("path"))
        if len(modules) < 4:
            self.stdout.write("No course loaded yet: skipped the demo care circle.")
            return
        counselor = User.objects.get(username="counselor")
        learner = User.objects.get(username="learner")
        circle, created = CareCircle.objects.get_or_create(counselor=counselor, name="Demo family")
        CircleMembership.objects.get_or_create(circle=circle, user=learner)
        if created:
            today = timezone.localdate()
            Assignment.objects.create(circle=circle, module=modules[1], due_date=today + timedelta(days=7))
            Assignment.objects.create(
                circle=circle,
                module=modules[3],
                due_date=today + timedelta(days=14),
                note="Before the first dose cut",
            )
        self.stdout.write(
            f"Demo care circle 'Demo family' (code {circle.short_code}) includes the demo learner."
        )
