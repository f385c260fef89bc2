"""Learner progress: where it is kept, how a visitor's progress joins their account, and the
rules for when a module or a course is complete.

- A signed-in learner's progress is in the database (AccountProgress).
- A visitor's progress is in their session (SessionProgress) and merges into the account when
  they sign up or log in (merge_session_into_account).
- `module_is_complete` is the one completion rule; CourseProgress applies it.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from home.caching import learners_changed

from .models import Certificate, CoursePage, LessonPage, LessonProgress, LessonUpdate, ModulePage

SESSION_KEY = "learner_progress"


@dataclass(frozen=True)
class LessonRecord:
    started_at: datetime
    completed_at: datetime | None = None

    @property
    def completed(self):
        return self.completed_at is not None


def module_is_complete(lessons_done, lessons_total, has_quiz=False, quiz_passed=False):
    """THE completion rule: every lesson complete and, when the module has a quiz, it is passed."""
    if lessons_total == 0 and not has_quiz:
        return False
    return lessons_done >= lessons_total and (quiz_passed or not has_quiz)


class AccountProgress:
    """Progress of a signed-in learner, stored as LessonProgress rows."""

    is_saved_to_account = True

    def __init__(self, user):
        self.user = user

    def record_view(self, lesson, now=None):
        """Note that the learner opened the lesson (keeps the first time); returns the record."""
        row = self._get_or_create(lesson.pk, now or timezone.now())
        return LessonRecord(row.started_at, row.completed_at)

    def complete(self, lesson, now=None):
        """Mark the lesson complete; completing again changes nothing."""
        now = now or timezone.now()
        record = self._get_or_create(lesson.pk, now)
        if record.completed_at is None:
            LessonProgress.objects.filter(pk=record.pk, completed_at__isnull=True).update(completed_at=now)

    def lesson_records(self, lesson_ids=None):
        rows = LessonProgress.objects.filter(user=self.user)
        if lesson_ids is not None:
            rows = rows.filter(lesson_id__in=list(lesson_ids))
        return {
            lesson_id: LessonRecord(started, completed)
            for lesson_id, started, completed in rows.values_list("lesson_id", "started_at", "completed_at")
        }

    def _get_or_create(self, lesson_id, now):
        record = LessonProgress.objects.filter(user=self.user, lesson_id=lesson_id).first()
        if record is not None:  # the common case: one read, no savepoint
            return record
        try:
            with transaction.atomic():
                return LessonProgress.objects.create(user=self.user, lesson_id=lesson_id, started_at=now)
        except IntegrityError:  # a parallel request created it first
            return LessonProgress.objects.get(user=self.user, lesson_id=lesson_id)


class SessionProgress:
    """Progress of a visitor without an account, kept in their session until they sign up.

    A lesson view is recorded only once the visitor has a progress record (after their first
    "Mark as complete"), so reading alone sets no cookie.
    """

    is_saved_to_account = False

    def __init__(self, session):
        self.session = session

    @property
    def _lessons(self):
        return self.session.get(SESSION_KEY, {}).get("lessons", {})

    def _save(self, lessons):
        data = dict(self.session.get(SESSION_KEY, {}))
        data["lessons"] = lessons
        self.session[SESSION_KEY] = data

    def record_view(self, lesson, now=None):
        """Note the first view once the visitor has progress; returns the record, if any."""
        if SESSION_KEY in self.session and str(lesson.pk) not in self._lessons:
            lessons = dict(self._lessons)
            lessons[str(lesson.pk)] = {"started": (now or timezone.now()).isoformat(), "completed": None}
            self._save(lessons)
        return self.lesson_records([lesson.pk]).get(lesson.pk)

    def complete(self, lesson, now=None):
        now = (now or timezone.now()).isoformat()
        lessons = dict(self._lessons)
        entry = dict(lessons.get(str(lesson.pk), {"started": now, "completed": None}))
        entry["completed"] = entry.get("completed") or now
        lessons[str(lesson.pk)] = entry
        self._save(lessons)

    def lesson_records(self, lesson_ids=None):
        wanted = None if lesson_ids is None else {int(pk) for pk in lesson_ids}
        records = {}
        for key, entry in self._lessons.items():
            try:
                lesson_id = int(key)
                started = datetime.fromisoformat(entry["started"])
                completed = datetime.fromisoformat(entry["completed"]) if entry.get("completed") else None
            except (TypeError, ValueError, KeyError):
                continue  # ignore a damaged entry rather than fail the page
            if wanted is None or lesson_id in wanted:
                records[lesson_id] = LessonRecord(started, completed)
        return records


def progress_for(request):
    """The progress store for whoever is making the request."""
    if request.user.is_authenticated:
        return AccountProgress(request.user)
    return SessionProgress(request.session)


def merge_session_into_account(session, user):
    """Carry a visitor's progress into their account: the union of both, earliest times kept.

    Safe to run twice: nothing is duplicated and nothing is lost.
    """
    records = SessionProgress(session).lesson_records()
    if not records:
        return 0
    existing = {row.lesson_id: row for row in LessonProgress.objects.filter(user=user, lesson_id__in=records)}
    valid_ids = set(LessonPage.objects.filter(id__in=records).values_list("id", flat=True))
    merged = 0
    with transaction.atomic():
        for lesson_id, record in records.items():
            if lesson_id not in valid_ids:
                continue
            row = existing.get(lesson_id)
            if row is None:
                try:
                    with transaction.atomic():
                        LessonProgress.objects.create(
                            user=user,
                            lesson_id=lesson_id,
                            started_at=record.started_at,
                            completed_at=record.completed_at,
                        )
                except IntegrityError:
                    row = LessonProgress.objects.get(user=user, lesson_id=lesson_id)
                else:
                    merged += 1
                    continue
            started = min(row.started_at, record.started_at)
            completed = min(
                (t for t in (row.completed_at, record.completed_at) if t is not None), default=None
            )
            if (started, completed) != (row.started_at, row.completed_at):
                LessonProgress.objects.filter(pk=row.pk).update(started_at=started, completed_at=completed)
                merged += 1
    session.pop(SESSION_KEY, None)
    return merged


@dataclass
class ModuleProgress:
    module: object
    lessons: list
    records: dict
    quiz: object = None
    quiz_passed: bool = False
    quiz_best_score: int | None = None
    quiz_latest_score: int | None = None
    quiz_passed_at: datetime | None = None

    @property
    def lessons_total(self):
        return len(self.lessons)

    @property
    def lessons_done(self):
        return sum(1 for lesson in self.lessons if self.state(lesson) == "completed")

    @property
    def complete(self):
        return module_is_complete(
            self.lessons_done, self.lessons_total, self.quiz is not None, self.quiz_passed
        )

    @property
    def items_total(self):
        return self.lessons_total + (1 if self.quiz is not None else 0)

    @property
    def items_done(self):
        return self.lessons_done + (1 if self.quiz is not None and self.quiz_passed else 0)

    @property
    def percent(self):
        return round(100 * self.items_done / self.items_total) if self.items_total else 0

    @property
    def started(self):
        return any(lesson.pk in self.records for lesson in self.lessons)

    def state(self, lesson):
        record = self.records.get(lesson.pk)
        if record is None:
            return "not_started"
        return "completed" if record.completed else "started"


@dataclass
class CourseProgress:
    course: object
    modules: list = field(default_factory=list)

    @property
    def percent(self):
        total = sum(m.items_total for m in self.modules)
        return round(100 * sum(m.items_done for m in self.modules) / total) if total else 0

    @property
    def complete(self):
        return bool(self.modules) and all(m.complete for m in self.modules)

    @property
    def started(self):
        return any(m.started for m in self.modules)

    @property
    def completed_at(self):
        """When the last lesson was finished or the last quiz passed (the course's completion date)."""
        times = [r.completed_at for m in self.modules for r in m.records.values() if r.completed_at]
        times += [m.quiz_passed_at for m in self.modules if m.quiz_passed_at]
        return max(times) if times else None

    def continue_lesson(self):
        """Where to pick up: the most recently touched lesson if unfinished, else the next
        unfinished lesson after it, else the first unfinished lesson."""
        ordered = [lesson for m in self.modules for lesson in m.lessons]
        records = {pk: r for m in self.modules for pk, r in m.records.items()}
        unfinished = [
            lesson for lesson in ordered if not (records.get(lesson.pk) and records[lesson.pk].completed)
        ]
        if not unfinished:
            return None
        touched = [lesson for lesson in ordered if lesson.pk in records]
        if not touched:
            return unfinished[0]
        latest = max(
            touched, key=lambda lesson: records[lesson.pk].completed_at or records[lesson.pk].started_at
        )
        if latest in unfinished:
            return latest
        after = ordered[ordered.index(latest) + 1 :]
        return next((lesson for lesson in after if lesson in unfinished), unfinished[0])


# Extension points for other apps (quizzes):
# - MODULE_PROGRESS_EXTENSIONS: callables(store, module_progresses) that fill in quiz details;
# - SESSION_MERGERS: callables(session, user) -> number merged, run when a visitor logs in.
MODULE_PROGRESS_EXTENSIONS = []
SESSION_MERGERS = [merge_session_into_account]


def course_progress(store, course):
    """The learner's progress through a course, in a constant number of queries."""
    modules = course.modules_with_lessons()
    lesson_ids = [lesson.pk for module in modules for lesson in module.live_lessons]
    records = store.lesson_records(lesson_ids)
    progresses = [
        ModuleProgress(
            module=module,
            lessons=module.live_lessons,
            records={lesson.pk: records[lesson.pk] for lesson in module.live_lessons if lesson.pk in records},
        )
        for module in modules
    ]
    for extend in MODULE_PROGRESS_EXTENSIONS:
        extend(store, progresses)
    return CourseProgress(course=course, modules=progresses)


def issue_certificate_if_complete(user, progress):
    """Give the learner a certificate the first time their course progress is complete."""
    if not progress.complete:
        return None
    certificate, _ = Certificate.objects.get_or_create(
        user=user, course=progress.course, defaults={"completed_at": progress.completed_at or timezone.now()}
    )
    return certificate


# Written as SQL (the same on SQLite and PostgreSQL): built with the ORM, its nested subqueries
# cost more to compile than the database takes to answer them.
CERTIFICATE_MAY_BE_DUE_SQL = """
SELECT NOT (
    EXISTS (SELECT 1 FROM {certificate} WHERE user_id = %(user)s AND course_id = %(course)s)
    OR EXISTS (
        SELECT 1 FROM {page} lesson JOIN {lesson} ON {lesson}.page_ptr_id = lesson.id
        WHERE lesson.live AND lesson.depth = %(lesson_depth)s AND lesson.path LIKE %(under_course)s
        AND EXISTS (
            SELECT 1 FROM {page} module JOIN {module} ON {module}.page_ptr_id = module.id
            WHERE module.live AND module.path = SUBSTR(lesson.path, 1, %(module_path_length)s)
        )
        AND NOT EXISTS (
            SELECT 1 FROM {restriction} JOIN {page} restricted ON restricted.id = {restriction}.page_id
            WHERE restricted.path = SUBSTR(lesson.path, 1, LENGTH(restricted.path))
        )
        AND NOT EXISTS (
            SELECT 1 FROM {progress} done
            WHERE done.lesson_id = lesson.id AND done.user_id = %(user)s AND done.completed_at IS NOT NULL
        )
    )
)
"""


def certificate_may_be_due(user, course):
    """A cheap necessary condition for issuing the course's certificate now, in one query.

    False when the learner already has the certificate, or when a lesson that `course_progress`
    counts (live, in a live module of the course, with no view restriction on it or above it)
    is not completed: the completion rule cannot say complete then, so there is no need to
    compute the course's progress. True means: ask the rule (course_progress)."""
    sql = CERTIFICATE_MAY_BE_DUE_SQL.format(
        certificate=Certificate._meta.db_table,
        page=Page._meta.db_table,
        lesson=LessonPage._meta.db_table,
        module=ModulePage._meta.db_table,
        restriction=PageViewRestriction._meta.db_table,
        progress=LessonProgress._meta.db_table,
    )
    params = {
        "user": user.pk,
        "course": course.pk,
        "lesson_depth": course.depth + 2,
        "under_course": course.path + "%",  # tree paths are digits and letters: nothing to escape
        "module_path_length": len(course.path) + Page.steplen,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return bool(cursor.fetchone()[0])


def refresh_certificates(user):
    """Issue any certificate the learner has earned (e.g. after merging visitor progress)."""
    store = AccountProgress(user)
    for course in CoursePage.objects.live().public():
        issue_certificate_if_complete(user, course_progress(store, course))


# --- "Updated since you completed it" ---------------------------------------------------------


def record_lesson_update(lesson):
    """On publish: note the lesson's change note for learners who finished it before.

    Republishing with the same note adds nothing, so learners hear about each change once."""
    note = (lesson.change_note or "").strip()
    if not note:
        return None
    latest = LessonUpdate.objects.filter(lesson=lesson).first()
    if latest is not None and latest.note == note:
        return None
    return LessonUpdate.objects.create(lesson=lesson, note=note)


def pending_updates(user, lesson_id=None):
    """Lessons the learner completed before their latest published change, not yet reopened.

    One query: each progress row is annotated with its lesson's latest update."""
    latest = LessonUpdate.objects.filter(lesson=OuterRef("lesson")).order_by("-published_at", "-pk")
    rows = (
        LessonProgress.objects.filter(user=user, completed_at__isnull=False, lesson__live=True)
        .annotate(
            update_at=Subquery(latest.values("published_at")[:1]),
            update_note=Subquery(latest.values("note")[:1]),
        )
        .filter(update_at__gt=F("completed_at"))
        .filter(Q(update_seen_at__isnull=True) | Q(update_seen_at__lt=F("update_at")))
        .select_related("lesson")
        .order_by("-update_at")
    )
    if lesson_id is not None:
        rows = rows.filter(lesson_id=lesson_id)
    return list(rows)


def mark_update_seen(user, lesson_id):
    LessonProgress.objects.filter(user=user, lesson_id=lesson_id).update(update_seen_at=timezone.now())
    learners_changed([user.pk])  # the notice shows once: no kept page may show it again
