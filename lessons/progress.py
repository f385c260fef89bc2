"""Where a learner's lesson progress is kept, and how a visitor's progress joins their account.

- A signed-in learner's progress is in the database (AccountProgress).
- A visitor's progress is in VisitorLessonProgress rows named from their session
  (SessionProgress) and merges into the account when they sign up or log in
  (merge_session_into_account).
- Lessons changed since a learner finished them ("updated since you completed it").

When a module or the course counts as complete is lessons.completion's rule, not this module's.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from coursesite.http_cache import cached_fragment, has_no_personal_cookies
from home.languages import read_by_source, source_id

from .models import LessonPage, LessonProgress, LessonUpdate, VisitorLessonProgress

SESSION_KEY = "learner_progress"  # where earlier versions kept a visitor's lessons
VISITOR_KEY = "visitor_progress_key"


@dataclass(frozen=True)
class LessonRecord:
    started_at: datetime
    completed_at: datetime | None = None
    update_seen_at: datetime | None = None  # when the learner last saw the lesson's change note

    @property
    def completed(self):
        return self.completed_at is not None


class AccountProgress:
    """Progress of a signed-in learner, stored as LessonProgress rows."""

    is_saved_to_account = True

    def __init__(self, user):
        self.user = user

    def record_view(self, lesson, now=None):
        """Note that the learner opened the lesson (keeps the first time); returns the record."""
        row = _get_or_create_row(
            LessonProgress, {"user": self.user}, source_id(lesson.pk), now or timezone.now()
        )
        return LessonRecord(row.started_at, row.completed_at, row.update_seen_at)

    def complete(self, lesson, now=None):
        """Mark the lesson complete; completing again changes nothing. True when this call
        completed it (only then can it have finished the course)."""
        return _complete_row(LessonProgress, {"user": self.user}, source_id(lesson.pk), now or timezone.now())

    def lesson_records(self, lesson_ids=None):
        """{lesson id: LessonRecord}; a lesson in Spanish answers with its English lesson's record."""
        return read_by_source(lesson_ids, self._records)

    def _records(self, lesson_ids):
        rows = LessonProgress.objects.filter(user=self.user)
        if lesson_ids is not None:
            rows = rows.filter(lesson_id__in=list(lesson_ids))
        return {
            lesson_id: LessonRecord(started, completed, seen)
            for lesson_id, started, completed, seen in rows.values_list(
                "lesson_id", "started_at", "completed_at", "update_seen_at"
            )
        }


class SessionProgress:
    """Progress of a visitor without an account, until they sign up: one VisitorLessonProgress
    row per lesson under their visitor key (the session key their progress began under, kept in
    the session). Parallel requests each write their own row, so none is lost; the session only
    ever gets the same visitor key written again.

    A lesson view is recorded only once the visitor has a progress record (after their first
    "Mark as complete"), so reading alone sets no cookie. Progress kept in the session itself
    by earlier versions (SESSION_KEY) is still read, and merged like the rest.
    """

    is_saved_to_account = False

    def __init__(self, session):
        self.session = session

    @property
    def visitor_key(self):
        return self.session.get(VISITOR_KEY)

    def _ensure_visitor_key(self):
        key = self.visitor_key
        if key is None:
            if self.session.session_key is None:
                self.session.save()  # a new session: its key names this visitor from now on
            key = self.session.session_key
            self.session[VISITOR_KEY] = key
        return key

    def record_view(self, lesson, now=None):
        """Note the first view once the visitor has progress; returns the record, if any."""
        if self.visitor_key is not None:
            _get_or_create_row(
                VisitorLessonProgress,
                {"visitor_key": self.visitor_key},
                source_id(lesson.pk),
                now or timezone.now(),
            )
        return self.lesson_records([lesson.pk]).get(lesson.pk)

    def complete(self, lesson, now=None):
        """Mark the lesson complete on this device; True when this call completed it."""
        now = now or timezone.now()
        owner = {"visitor_key": self._ensure_visitor_key()}
        return _complete_row(VisitorLessonProgress, owner, source_id(lesson.pk), now)

    def lesson_records(self, lesson_ids=None):
        """{lesson id: LessonRecord}; a lesson in Spanish answers with its English lesson's record."""
        return read_by_source(lesson_ids, self._records)

    def _records(self, lesson_ids):
        wanted = None if lesson_ids is None else {int(pk) for pk in lesson_ids}
        records = self._legacy_records(wanted)
        if self.visitor_key is not None:
            rows = VisitorLessonProgress.objects.filter(visitor_key=self.visitor_key)
            if wanted is not None:
                rows = rows.filter(lesson_id__in=wanted)
            for lesson_id, started, completed in rows.values_list("lesson_id", "started_at", "completed_at"):
                records[lesson_id] = _union(records.get(lesson_id), LessonRecord(started, completed))
        return records

    def forget(self):
        """After the merge into an account: the rows and the session's keys go."""
        if self.visitor_key is not None:
            VisitorLessonProgress.objects.filter(visitor_key=self.visitor_key).delete()
        self.session.pop(VISITOR_KEY, None)
        self.session.pop(SESSION_KEY, None)

    def _legacy_records(self, wanted):
        records = {}
        for key, entry in self.session.get(SESSION_KEY, {}).get("lessons", {}).items():
            try:
                lesson_id = int(key)
                started = datetime.fromisoformat(entry["started"])
                completed = datetime.fromisoformat(entry["completed"]) if entry.get("completed") else None
            except (TypeError, ValueError, KeyError):
                continue  # ignore a damaged entry rather than fail the page
            if wanted is None or lesson_id in wanted:
                records[lesson_id] = LessonRecord(started, completed)
        return records


def _union(first, second):
    """Two records of one lesson as one: the earliest start, the earliest completion."""
    if first is None:
        return second
    completed = min((t for t in (first.completed_at, second.completed_at) if t is not None), default=None)
    return LessonRecord(min(first.started_at, second.started_at), completed)


def _get_or_create_row(model, owner, lesson_id, now):
    """The owner's (a user's or a visitor's) row for a lesson, made on first use; safe when a
    parallel request makes it first."""
    # The common case: one read, no savepoint. A slice, not first(): the row is unique, so no
    # ORDER BY to build (on every signed-in lesson view).
    record = next(iter(model.objects.filter(**owner, lesson_id=lesson_id)[:1]), None)
    if record is not None:
        return record
    try:
        with transaction.atomic():
            return model.objects.create(**owner, lesson_id=lesson_id, started_at=now)
    except IntegrityError:  # a parallel request created it first
        return model.objects.get(**owner, lesson_id=lesson_id)


def _complete_row(model, owner, lesson_id, now):
    """Mark complete; True only for the call that did it (an UPDATE guarded by IS NULL)."""
    record = _get_or_create_row(model, owner, lesson_id, now)
    if record.completed_at is not None:
        return False
    return bool(model.objects.filter(pk=record.pk, completed_at__isnull=True).update(completed_at=now))


def progress_for(request):
    """The progress store for whoever is making the request."""
    if request.user.is_authenticated:
        return AccountProgress(request.user)
    return SessionProgress(request.session)


@dataclass(frozen=True)
class LessonVisit:
    """What opening a lesson did and what its page shows of the reader's own progress."""

    record: LessonRecord | None
    saved_to_account: bool
    update: object = None  # the lesson's change note, for a learner who finished it before
    shared: bool = False  # the same page as every other visitor without cookies gets


def visit_lesson(request, lesson):
    """Open a lesson: note the first view (accounts, and visitors who already have progress),
    and hand over a change note the learner has not seen yet, once."""
    store = progress_for(request)
    record = store.record_view(lesson)
    update = None
    if record is not None and record.completed and request.user.is_authenticated:
        pending = pending_updates({lesson.pk: record}, request)
        if pending:
            mark_update_seen(request.user, lesson.pk)
            update = pending[0]
    # A visitor with no session, no progress and no messages gets the same page as every other
    # such visitor: no CSRF token in it (its "Mark as complete" asks first, on a page of its
    # own), no cookie set, so the server and proxies may share it.
    shared = not request.user.is_authenticated and record is None and has_no_personal_cookies(request)
    return LessonVisit(record, store.is_saved_to_account, update, shared)


def merge_session_into_account(session, user):
    """Carry a visitor's progress into their account: the union of both, earliest times kept.

    Safe to run twice: nothing is duplicated and nothing is lost.
    """
    visitor = SessionProgress(session)
    records = visitor.lesson_records()
    if not records:
        visitor.forget()
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
    visitor.forget()
    return merged


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


@dataclass(frozen=True)
class PendingUpdate:
    """A change to a lesson the learner finished before it, which they have not seen yet."""

    lesson: object
    update_note: str
    update_at: datetime


def latest_lesson_updates(request=None):
    """{lesson id: (the live lesson, its latest change note, when)}: the same for everyone, so a
    fragment of the content version (a published change note is content)."""

    def load():
        latest = {}
        for update in LessonUpdate.objects.filter(lesson__live=True).order_by("published_at", "pk"):
            latest[update.lesson_id] = (update.note, update.published_at)
        lessons = LessonPage.objects.only("id", "title", "path", "depth", "url_path", "slug").in_bulk(latest)
        return {pk: (lessons[pk], note, at) for pk, (note, at) in latest.items() if pk in lessons}

    return cached_fragment("lesson-updates", load, request)


def pending_updates(records, request=None):
    """The change notes due to a learner, newest first, from their lesson records ({lesson id:
    LessonRecord}): lessons they completed before the latest change and have not reopened since.
    No query: the records are the learner's, the changes come from a fragment."""
    pending = []
    for lesson_id, (lesson, note, at) in latest_lesson_updates(request).items():
        record = records.get(lesson_id)
        if record is None or not record.completed or record.completed_at >= at:
            continue
        if record.update_seen_at is None or record.update_seen_at < at:
            pending.append(PendingUpdate(lesson, note, at))
    return sorted(pending, key=lambda update: update.update_at, reverse=True)


def mark_update_seen(user, lesson_id):
    LessonProgress.objects.filter(user=user, lesson_id=source_id(lesson_id)).update(
        update_seen_at=timezone.now()
    )
