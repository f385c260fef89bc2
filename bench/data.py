"""A large, realistic data set for the benchmark (`make bench`), built fast with bulk_create.

The real course (lessons/content, via CourseLoader), thousands of learners with progress, one
counselor whose care circle has hundreds of members, and signed-in sessions for a bench learner
and the counselor so the load tool can request personalised pages. Quiz attempts are added by
each module's quiz (scored and snapshotted by the quizzes app's own rules).

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
from wagtail.models import Locale

from circles.models import Assignment, CareCircle, CircleMembership
from circles.rules import COUNSELORS_GROUP
from lessons.loader import CourseLoader
from lessons.models import LessonPage, LessonProgress, ModulePage

BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 - bench accounts on a throwaway database  # nosec B105
BATCH = 2000
CSRF_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


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


def _spanish_path(lesson):
    translated = lesson.get_translations().filter(locale__language_code="es").live().first()
    return translated.get_url_parts()[2] if translated is not None else None


def new_session(user):
    """A signed-in session for `user` in the configured session store; returns its key."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def build_quiz_attempts(data, rng, attempts_wanted):
    """About `attempts_wanted` attempts at the module quizzes by learners who finished the
    module's lessons, each scored and snapshotted as a real submission is, with their
    per-question analytics rows."""
    from quizzes.history import snapshot
    from quizzes.models import QuizAttempt, QuizPage
    from quizzes.models.attempts import analytics_rows_for
    from quizzes.scoring import score_attempt

    quizzes = {
        quiz.get_parent().pk: quiz
        for quiz in QuizPage.objects.live().filter(locale=Locale.get_default()).order_by("path")
    }
    if not quizzes or attempts_wanted <= 0:
        return None
    done_by_module = {}
    lessons_of = {
        module.pk: {lesson.pk for lesson in data.lessons if lesson.path.startswith(module.path)}
        for module in data.modules
    }
    finished = {}
    for user_id, lesson_id in LessonProgress.objects.filter(completed_at__isnull=False).values_list(
        "user_id", "lesson_id"
    ):
        finished.setdefault(user_id, set()).add(lesson_id)
    for module in data.modules:
        done_by_module[module.pk] = [uid for uid, ids in finished.items() if lessons_of[module.pk] <= ids]
    # Each quiz answered all right, with one wrong and with two wrong, as submissions would be.
    variants = {}
    for module_id, quiz in quizzes.items():
        key = quiz.answer_key()
        right = {q.id: [c.id for c in q.choices if c.correct] for q in key}
        wrong_choice = {q.id: [next(c.id for c in q.choices if not c.correct)] for q in key}
        variants[module_id] = []
        for wrong in range(3):
            answers = {q.id: (wrong_choice[q.id] if n < wrong else right[q.id]) for n, q in enumerate(key)}
            score = score_attempt(key, answers, quiz.pass_mark)
            variants[module_id].append(
                (score, snapshot(score, f"bench-variant-{wrong}-{module_id}", quiz.shuffle))
            )
    eligible = [(uid, module_id) for module_id, uids in done_by_module.items() for uid in uids]
    per_pair = max(1, round(attempts_wanted / len(eligible))) if eligible else 0
    now = timezone.now()
    attempts = []
    for number, (user_id, module_id) in enumerate(eligible):
        quiz = quizzes[module_id]
        for attempt in range(rng.randint(max(1, per_pair - 1), per_pair + 1)):
            score, shown = rng.choice(variants[module_id])
            attempts.append(
                QuizAttempt(
                    user_id=user_id,
                    quiz=quiz,
                    quiz_title=quiz.title,
                    nonce=f"bench{number:08d}{attempt:04d}",
                    score=score.score,
                    passed=score.passed,
                    must_know_passed=score.must_know_passed,
                    pass_mark=quiz.pass_mark,
                    answers=shown,
                    created_at=now - timedelta(days=rng.randint(0, 60), minutes=attempt),
                )
            )
            if len(attempts) >= attempts_wanted:
                break
        if len(attempts) >= attempts_wanted:
            break
    QuizAttempt.objects.bulk_create(attempts, batch_size=BATCH)
    analytics_rows_for(attempts, batch_size=BATCH)
    return quizzes


def build(learners=2000, circle_size=500, progress_rows=50_000, quiz_attempts=10_000, seed=8):
    """Build the data set; returns a BenchData with counts and the load tool's fixtures."""
    User = get_user_model()
    if User.objects.exists():
        raise NotEmpty("This database already has accounts: build the bench data into an empty one.")
    rng = random.Random(seed)  # deterministic bench data, not a secret  # nosec B311
    data = BenchData()
    CourseLoader().load()
    # The course in English: learners' records are always kept under the English pages
    # (home.languages), so progress and attempts under a Spanish page would be data the site
    # never writes.
    english = Locale.get_default()
    data.modules = list(ModulePage.objects.live().filter(locale=english).order_by("path"))
    data.lessons = list(LessonPage.objects.live().filter(locale=english).order_by("path"))
    password = make_password(BENCH_PASSWORD)  # hashed once, shared by every bench account
    now = timezone.now()

    with transaction.atomic():
        users = [
            User(
                username=f"bench-{i:05d}",
                email=f"bench-{i:05d}@example.com",
                display_name=f"Learner {i}",
                password=password,
            )
            for i in range(learners)
        ]
        counselor = User(
            username="bench-counselor",
            email="bench-counselor@example.com",
            display_name="Casey",
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

    with transaction.atomic():
        quizzes = build_quiz_attempts(data, rng, quiz_attempts)

    csrf_secret = get_random_string(32, CSRF_CHARS)
    data.counts = {
        "learners": len(data.learners),
        "circle_members": CircleMembership.objects.filter(circle=data.circle).count(),
        "progress_rows": LessonProgress.objects.count(),
        "lessons": len(data.lessons),
    }
    if quizzes:
        from quizzes.models import QuizAttempt

        data.counts["quiz_attempts"] = QuizAttempt.objects.count()
        # The bench learner sends the quiz of the module they are in, all answers right.
        quiz = quizzes[lesson.get_parent().pk]
        fields = [("nonce", "NONCE")]
        fields += [(f"q-{q.id}", c.id) for q in quiz.answer_key() for c in q.choices if c.correct]
        data.fixtures.update(
            quiz_path=quiz.get_url_parts()[2],
            quiz_body="&".join(f"{name}={value}" for name, value in fields),
            quiz_status=303,
        )
    data.fixtures.update(
        {
            "lesson_path": lesson.get_url_parts()[2],
            "lesson_id": lesson.pk,
            # The same lesson in Spanish (its progress is the English lesson's), when there is one.
            "spanish_lesson_path": _spanish_path(lesson),
            "circle_path": f"/counselor/circles/{data.circle.pk}/",
            "learner_email": data.learner.email,
            "learner_name": data.learner.display_name,
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
