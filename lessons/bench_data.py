"""A large, realistic data set for the benchmark (`make bench`), built fast with bulk_create.

The real course (lessons/content, via CourseLoader), thousands of learners with progress, one
counselor whose care circle has hundreds of members, and signed-in sessions for a bench learner
and the counselor so the load tool can request personalised pages. Quiz attempts are added by
the providers in EXTRA_BUILDERS (the quizzes app registers one).

Refuses to run against a database that already has learners, so it can never be pointed at
real data by mistake.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from .circles import COUNSELORS_GROUP
from .loader import CourseLoader
from .models import Assignment, CareCircle, CircleMembership, LessonPage, LessonProgress, ModulePage

BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 - bench accounts on a throwaway database
BATCH = 2000
CSRF_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

# Callables(data: BenchData, rng) run after the core data, e.g. the quizzes app's attempts.
EXTRA_BUILDERS = []


class NotEmpty(Exception):
    """The database already has learners: the bench data goes into a database of its own."""


@dataclass
class BenchData:
    """What was built, and what the load tool needs to make its requests."""

    learners: list = field(default_factory=list)
    lessons: list = field(default_factory=list)
    modules: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    learner: object = None
    counselor: object = None
    circle: object = None
    fixtures: dict = field(default_factory=dict)


def new_session(user):
    """A signed-in session for `user` in the configured session store; returns its key."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def build(learners=2000, circle_size=500, progress_rows=50_000, seed=8):
    """Build the data set; returns a BenchData with counts and the load tool's fixtures."""
    User = get_user_model()
    if User.objects.exists():
        raise NotEmpty("This database already has accounts: build the bench data into an empty one.")
    rng = random.Random(seed)
    data = BenchData()
    CourseLoader().load()
    data.modules = list(ModulePage.objects.live().order_by("path"))
    data.lessons = list(LessonPage.objects.live().order_by("path"))
    password = make_password(BENCH_PASSWORD)  # hashed once, shared by every bench account
    now = timezone.now()

    with transaction.atomic():
        users = [
            User(
                username=f"bench-{i:05d}",
                email=f"bench-{i:05d}@example.com",
                first_name=f"Learner {i}",
                password=password,
            )
            for i in range(learners)
        ]
        counselor = User(
            username="bench-counselor",
            email="bench-counselor@example.com",
            first_name="Casey",
            password=password,
        )
        User.objects.bulk_create([*users, counselor], batch_size=BATCH)
        data.learners = list(User.objects.filter(username__startswith="bench-0").order_by("username"))
        data.counselor = User.objects.get(username="bench-counselor")
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in [*data.learners, data.counselor]
            ],
            batch_size=BATCH,
        )
        group, _ = Group.objects.get_or_create(name=COUNSELORS_GROUP)
        data.counselor.groups.add(group)

        data.circle = CareCircle.objects.create(counselor=data.counselor, name="Bench clinic")
        members = data.learners[:circle_size]
        CircleMembership.objects.bulk_create(
            [CircleMembership(circle=data.circle, user=user) for user in members], batch_size=BATCH
        )
        for number, module in enumerate(data.modules):
            Assignment.objects.create(
                circle=data.circle, module=module, due_date=timezone.localdate() + timedelta(days=7 * number)
            )

        # Progress: each learner has worked through the course in order, some further than
        # others; the first lessons are the most often completed, as in life.
        total_possible = len(data.learners) * len(data.lessons)
        share = min(1.0, progress_rows / total_possible) if total_possible else 0
        rows = []
        for user in data.learners:
            reach = round(len(data.lessons) * min(1.0, max(0.0, rng.gauss(share, 0.15))))
            for position, lesson in enumerate(data.lessons[:reach]):
                started = now - timedelta(days=rng.randint(1, 90), minutes=position)
                done = position < reach - 1 or rng.random() < 0.5
                rows.append(
                    LessonProgress(
                        user=user,
                        lesson=lesson,
                        started_at=started,
                        completed_at=started + timedelta(minutes=rng.randint(3, 30)) if done else None,
                    )
                )
        LessonProgress.objects.bulk_create(rows, batch_size=BATCH)

    # The bench learner is a circle member part-way through the course, reading a lesson they
    # have started but not finished (the page shows the "Mark as complete" form).
    data.learner = data.learners[0]
    lesson = data.lessons[len(data.lessons) // 2]
    LessonProgress.objects.filter(
        user=data.learner, lesson__in=data.lessons[len(data.lessons) // 2 :]
    ).delete()
    LessonProgress.objects.create(user=data.learner, lesson=lesson, started_at=now)

    for builder in EXTRA_BUILDERS:
        builder(data, rng)

    csrf_secret = get_random_string(32, CSRF_CHARS)
    data.counts = {
        "learners": len(data.learners),
        "circle_members": CircleMembership.objects.filter(circle=data.circle).count(),
        "progress_rows": LessonProgress.objects.count(),
        "lessons": len(data.lessons),
        **data.counts,
    }
    data.fixtures.update(
        {
            "lesson_path": lesson.get_url_parts()[2],
            "lesson_id": lesson.pk,
            "circle_path": f"/counselor/circles/{data.circle.pk}/",
            "learner_email": data.learner.email,
            "learner_name": data.learner.first_name,
            "session_cookie_name": settings.SESSION_COOKIE_NAME,
            "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
            "learner_session": new_session(data.learner),
            "counselor_session": new_session(data.counselor),
            # Django accepts the unmasked secret as the form token: the cookie and the field
            # carry the same value, as a browser's double submit would.
            "csrf_secret": csrf_secret,
            "counts": data.counts,
        }
    )
    return data
