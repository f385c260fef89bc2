"""Care-circle rules, each in one place: who is a counselor, which circles and members a
counselor may see, joining and leaving, the progress matrix, and the access log.

Every lookup a counselor makes goes through `circle_for` / `membership_for`, which are scoped
to the counselor's own circles: another counselor's circle is a 404, never a leak.
"""

import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.paginator import Paginator
from django.db import IntegrityError, connection, transaction
from django.db.models import BigIntegerField, BooleanField, Count, Expression, ExpressionWrapper, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from coursesite.http_cache import cached_fragment
from coursesite.people import group_names
from lessons.completion import module_is_complete
from lessons.models import LessonProgress, ModulePage, counted_lessons
from quizzes.results import module_quizzes, summaries_by_module

from .models import (
    AccessLog,
    Assignment,
    CareCircle,
    CircleMembership,
    Departure,
    ReminderSent,
    RetiredInvite,
)

COUNSELORS_GROUP = "Counselors"
STALLED_AFTER = timedelta(days=7)


def is_counselor(user):
    return COUNSELORS_GROUP in group_names(user)


# --- Scoping: what a counselor may see -------------------------------------------------------


def circles_for(counselor):
    """The counselor's own circles with a one-line summary each, in one query."""
    return CareCircle.objects.filter(counselor=counselor).annotate(
        member_count=Count("memberships", distinct=True),
        assignment_count=Count("assignments", distinct=True),
    )


def circle_for(counselor, circle_id):
    """One of the counselor's own circles, or 404."""
    return get_object_or_404(CareCircle, pk=circle_id, counselor=counselor)


def membership_for(counselor, circle_id, membership_id):
    """A current member of one of the counselor's own circles, or 404."""
    return get_object_or_404(
        CircleMembership.objects.select_related("user", "circle"),
        pk=membership_id,
        circle_id=circle_id,
        circle__counselor=counselor,
    )


# --- Joining and leaving ---------------------------------------------------------------------


class JoinRefused(Exception):
    """The invitation cannot be used; the message says why, in plain words."""


REPLACED = gettext_lazy(
    "This invitation was replaced by a newer one. Ask the counselor for the new link or code."
)


def circle_by_token(token):
    """The circle this invitation link is for. A link the counselor replaced raises JoinRefused
    (to say so); a link that never existed is a 404."""
    circle = CareCircle.objects.select_related("counselor").filter(join_token=token).first()
    if circle is None:
        if RetiredInvite.objects.filter(join_token=token).exists():
            raise JoinRefused(REPLACED)
        raise Http404("No circle has this invitation.")
    return circle


def circle_by_code(code):
    """The circle with this short code; None if there is none. A code the counselor replaced
    raises JoinRefused, to say so."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(normalised) != 8:
        return None
    short_code = f"{normalised[:4]}-{normalised[4:]}"
    circle = CareCircle.objects.filter(short_code=short_code).first()
    if circle is None and RetiredInvite.objects.filter(short_code=short_code).exists():
        raise JoinRefused(REPLACED)
    return circle


def join(circle, user, share_email=False):
    """Add the learner to the circle after they consented. Joining twice is refused."""
    problem = circle.invite_problem()
    if problem:
        raise JoinRefused(problem)
    if circle.counselor_id == user.pk:
        raise JoinRefused(
            gettext("This is your own circle: you lead it, so you cannot join it as a learner.")
        )
    try:
        with transaction.atomic():
            return CircleMembership.objects.create(circle=circle, user=user, share_email=share_email)
    except IntegrityError:
        raise JoinRefused(gettext("You are already in this circle.")) from None


def learner_circles(user):
    """The learner's circles, in the order joined, each told apart from the others by what the
    learner knows: its counselor and, when that counselor runs several of them, its place among
    those ("1 of 2": `number`, `of`) and when it was joined. Never by the circle's name, which is
    the counselor's own label ("Only you see it")."""
    memberships = list(CircleMembership.objects.filter(user=user).select_related("circle__counselor"))
    per_counselor = Counter(m.circle.counselor_id for m in memberships)
    seen = Counter()
    for membership in memberships:
        seen[membership.circle.counselor_id] += 1
        membership.number = seen[membership.circle.counselor_id]
        membership.of = per_counselor[membership.circle.counselor_id]
    return memberships


def leave(user, membership_id):
    """The learner leaves a circle: the membership (and its own assignments) are deleted, and
    the counselor keeps a note of who left and when. False if there was no such membership."""
    membership = CircleMembership.objects.filter(pk=membership_id, user=user).first()
    if membership is None:
        return False
    remove(membership)
    return True


def remove(membership, by_counselor=False):
    """End a membership (the learner left, or the counselor removed them), noting it."""
    with transaction.atomic():
        Departure.objects.create(
            circle_id=membership.circle_id, user_id=membership.user_id, removed_by_counselor=by_counselor
        )
        membership.delete()


def departures_for(circle, limit=20):
    """Who left the circle lately, newest first, with their names (one query)."""
    return list(circle.departures.select_related("user")[:limit])


# --- Access log ------------------------------------------------------------------------------


# Looks within this time count as one visit: a counselor who refreshes the page, or comes back
# to it within minutes, adds no new line to each member's list (nor 500 rows per refresh).
ACCESS_VISIT = timedelta(minutes=15)


def record_access(counselor, circle, action, membership=None):
    """Record that the counselor looked at the progress of the circle's members (or one member),
    once per visit: members with an entry for the same look in the last ACCESS_VISIT get none.

    One INSERT ... SELECT over the memberships, so the cost does not grow with the circle."""
    quote = connection.ops.quote_name
    log_table, members_table = quote(AccessLog._meta.db_table), quote(CircleMembership._meta.db_table)
    now = timezone.now()
    # Only the two table names (model constants, quoted) are formatted in; every value is a parameter.
    sql = (
        f"INSERT INTO {log_table} "  # noqa: S608  # nosec B608
        "(learner_id, counselor_id, counselor_name, circle_name, action, created_at) "
        f"SELECT m.user_id, %s, %s, %s, %s, %s FROM {members_table} m WHERE m.circle_id = %s "
        f"AND NOT EXISTS (SELECT 1 FROM {log_table} l WHERE l.learner_id = m.user_id "
        "AND l.created_at >= %s AND l.counselor_id = %s AND l.circle_name = %s AND l.action = %s)"
    )
    name = counselor.get_full_name()
    params = [counselor.pk, name, circle.name, action, now, circle.pk]
    params += [now - ACCESS_VISIT, counselor.pk, circle.name, action]
    if membership is not None:
        sql += " AND m.id = %s"
        params.append(membership.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Assigning -------------------------------------------------------------------------------


def _due_order(due_date):
    """The rule when a learner has one module assigned more than once (to their whole circle and
    to them, or by two circles): the soonest due date applies, and a date comes before none."""
    return (due_date is None, due_date or date.min)


def soonest_due(*due_dates):
    """The due date that applies of these (None: no due date), by `_due_order`."""
    return min(due_dates, key=_due_order)


def applying_assignment(assignments):
    """Of a learner's assignments of one module, the one that applies (`_due_order`; of two due
    the same day, the one made first)."""
    return min(assignments, key=lambda a: (_due_order(a.due_date), a.pk))


def assign_modules(circle, member, due_dates, note):
    """Assign modules to the whole circle (member None) or to one of its members, each with its
    due date ({module: date or None}) and the note. A module already assigned to the same
    people keeps its one assignment, which takes the new due date (None keeps the one it has)
    and the note: a new one, "" to remove it, or None to keep the one it has. Nothing is lost
    by leaving a box empty, and the learner never sees a module twice. Reminders
    already sent for a due date that changed are forgotten, so the new date has its own.
    Returns (how many assignments are new, how many were updated)."""
    try:
        with transaction.atomic():
            return _assign_modules(circle, member, due_dates, note)
    except IntegrityError:  # the same form sent twice at once: the other one has added the rows
        with transaction.atomic():
            return _assign_modules(circle, member, due_dates, note)


def _assign_modules(circle, member, due_dates, note):
    existing = {
        a.module_id: a for a in circle.assignments.filter(member=member, module__in=[m.pk for m in due_dates])
    }
    new, updated, moved = [], [], []
    for module, due_date in due_dates.items():
        assignment = existing.get(module.pk)
        if assignment is None:
            new.append(
                Assignment(circle=circle, module=module, member=member, due_date=due_date, note=note or "")
            )
            continue
        due_date = assignment.due_date if due_date is None else due_date
        if assignment.due_date != due_date:
            moved.append(assignment.pk)
        assignment.due_date = due_date
        assignment.note = assignment.note if note is None else note
        updated.append(assignment)
    Assignment.objects.bulk_create(new)
    Assignment.objects.bulk_update(updated, ["due_date", "note"])
    ReminderSent.objects.filter(assignment_id__in=moved).delete()
    return len(new), len(updated)


# --- The progress matrix ---------------------------------------------------------------------


STATE_LABELS = {
    "complete": gettext_lazy("Complete"),
    "in_progress": gettext_lazy("In progress"),
    "not_started": gettext_lazy("Not started"),
}


@dataclass(slots=True, frozen=True)
class Cell:
    """One member's progress on one module. Immutable: members with the same progress on a
    module share one Cell (a circle of 500 has 2,500 cells but only a few dozen distinct ones)."""

    module: object
    assigned: bool = False
    due_date: date | None = None
    lessons_done: int = 0
    lessons_total: int = 0
    started: bool = False
    quiz: object = None  # a quiz summary, when the module has a quiz
    has_quiz: bool = False
    complete: bool = False  # module_is_complete(...), worked out once by `make_cell`
    overdue: bool = False

    @property
    def state(self):
        if self.complete:
            return "complete"
        return "in_progress" if self.started else "not_started"

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


MEMBER_USER_FIELDS = ("user__display_name", "user__email", "user__email_language")


@dataclass(slots=True, frozen=True)
class MemberUser:
    """The few details of a member's account the matrix, its CSV and reminders use."""

    pk: int
    display_name: str
    email: str
    email_language: str = settings.LANGUAGE_CODE

    def get_full_name(self):
        return self.display_name or self.email


@dataclass(slots=True, frozen=True)
class Member:
    """A circle membership as the matrix needs it: built from one row of one query, not from
    two model instances per member (a circle of 500 made that a quarter of the page's time)."""

    pk: int
    user_id: int
    share_email: bool
    joined_long_ago: bool  # joined more than STALLED_AFTER ago (build_matrix's "now")
    user: MemberUser
    label: str = ""  # the name told apart from another member's same name (`member_labels`)


@dataclass
class MemberRow:
    membership: object
    cells: list = field(default_factory=list)
    last_activity: object = None
    stalled: bool = False

    @property
    def name(self):
        return getattr(self.membership, "label", "") or self.membership.user.get_full_name()

    @property
    def assigned_cells(self):
        return [cell for cell in self.cells if cell.assigned]

    @property
    def overdue(self):
        return any(cell.overdue for cell in self.cells)

    @property
    def percent(self):
        assigned = self.assigned_cells
        return round(100 * sum(c.complete for c in assigned) / len(assigned)) if assigned else 0


def name_order(member):
    """A member's place in name order: accents and case set aside, so Álvarez comes with the
    A's and Óscar with the O's (not after Z, as plain text sorts them)."""
    return _name_key(member.user.get_full_name())


NEVER = datetime.min.replace(tzinfo=UTC)
# Each sort's own order; members it ranks the same stay in name order (`sort_rows`).
SORTS = {
    "name": lambda row: name_order(row.membership),
    # Modules finished, then lessons done in the assigned modules: most members tie on the first.
    "progress": lambda row: (row.percent, sum(c.lessons_done for c in row.assigned_cells)),
    "activity": lambda row: row.last_activity or NEVER,
    "overdue": lambda row: (not row.overdue, not row.stalled),
}


def sort_rows(rows, sort):
    """Sort the matrix's rows in place by `sort` ("name", "-activity", ...): by name first, then
    (a stable sort) by the sort asked for, so ties are in name order whichever way it runs."""
    key, descending = sort.lstrip("-"), sort.startswith("-")
    rows.sort(key=SORTS["name"], reverse=descending and key == "name")
    if key != "name" and key in SORTS:
        rows.sort(key=SORTS[key], reverse=descending)


def matrix_columns(module_ids):
    """The matrix's columns for these (assigned) module ids: the live ones in course order, the
    lessons that count in each ({module path: [lesson ids]}) and their quizzes ({module path:
    quiz}). Content only, so a fragment of the content version (four queries when not kept)."""

    def columns():
        modules = list(ModulePage.objects.live().filter(pk__in=module_ids).order_by("path"))
        lessons = {path: [lesson.pk for lesson in found] for path, found in counted_lessons(modules).items()}
        return modules, lessons, module_quizzes(modules)

    key = ",".join(str(pk) for pk in sorted(module_ids))
    return cached_fragment(f"matrix-columns:{hashlib.sha256(key.encode()).hexdigest()[:24]}", columns)


LESSONS_PER_MASK = 60  # a sum of distinct powers of two below 2**63 fits a 64-bit integer


class LessonBit(Expression):
    """A progress row's lesson as a bit: CASE lesson_id WHEN <id> THEN 2**n ... ELSE 0 END, for
    lesson_ids[n]. One simple CASE, which Django builds at once, rather than one When (each a
    filter to resolve) per lesson. Only numbers are sent, as parameters."""

    output_field = BigIntegerField()

    def __init__(self, lesson_ids):
        super().__init__()
        self.lesson_ids = tuple(int(pk) for pk in lesson_ids)

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        column = f"{quote(LessonProgress._meta.db_table)}.{quote('lesson_id')}"
        whens = " ".join("WHEN %s THEN %s" for _ in self.lesson_ids)
        params = [value for n, pk in enumerate(self.lesson_ids) for value in (pk, 1 << n)]
        return f"CASE {column} {whens} ELSE 0 END", params


def lesson_masks(members_query, lesson_ids):
    """({user id: (touched, done)}, {user id: latest lesson activity}) for the members: which
    of `lesson_ids` each one opened and finished, as bit masks (bit n is lesson_ids[n]). One
    query, one row per member: each progress row adds its lesson's bit, and a learner has one
    row per lesson, so the sum is the bitwise or. (Thirteen filtered counts per member, as
    before, cost the database three times as much for a circle of 500.)"""
    aggregates = {"last": Max(Coalesce("completed_at", "started_at"))}
    for start in range(0, len(lesson_ids), LESSONS_PER_MASK):
        bit = LessonBit(lesson_ids[start : start + LESSONS_PER_MASK])
        aggregates[f"touched_{start}"] = Sum(bit)
        aggregates[f"done_{start}"] = Sum(bit, filter=Q(completed_at__isnull=False))
    starts = range(0, len(lesson_ids), LESSONS_PER_MASK)
    masks, last_activity = {}, {}
    for row in (
        LessonProgress.objects.filter(user_id__in=members_query)
        .values("user_id")
        .annotate(**aggregates)
        .values("user_id", *aggregates)
    ):
        user_id = row["user_id"]
        last_activity[user_id] = row["last"]
        masks[user_id] = (
            sum(int(row[f"touched_{start}"] or 0) << start for start in starts),
            sum(int(row[f"done_{start}"] or 0) << start for start in starts),
        )
    return masks, last_activity


def member_labels(circle, names):
    """{membership pk: the name the counselor sees}, from `names`, {membership pk: name} of
    every member of `circle`: each one's name, and where two members go by the same name (case
    and accents aside), when each joined (the time too on the same day, a number in the same
    minute), so the counselor can tell them apart without being shown anything the member did
    not share. One query, only when names repeat."""
    names = dict(names)
    repeated = Counter(_name_key(name) for name in names.values())
    shared = {pk for pk, name in names.items() if repeated[_name_key(name)] > 1}
    if not shared:
        return names
    joined = circle.memberships.filter(pk__in=shared).order_by("joined_at", "pk")
    whens = {}
    for pk, moment in joined.values_list("pk", "joined_at"):
        local = timezone.localtime(moment)
        whens[pk] = (date_format(local.date(), "DATE_FORMAT"), date_format(local, "TIME_FORMAT"))
    days = Counter((_name_key(names[pk]), day) for pk, (day, _) in whens.items())
    for pk, (day, time) in whens.items():  # the same name, joined the same day: the time too
        whens[pk] = f"{day}, {time}" if days[(_name_key(names[pk]), day)] > 1 else day
    moments = Counter((_name_key(names[pk]), when) for pk, when in whens.items())
    seen = Counter()
    for pk, when in whens.items():  # and in the same minute (one invitation, a room together): a number
        key = (_name_key(names[pk]), when)
        if moments[key] > 1:
            seen[key] += 1
            when = f"{when}, #{seen[key]}"
        names[pk] = gettext("%(name)s (joined %(when)s)") % {"name": names[pk], "when": when}
    return names


@lru_cache(maxsize=4096)  # a pure function of the text; a circle's page asks ~3 times per member
def _name_key(name):
    if name.isascii():  # nothing to take apart or set aside
        return name.casefold().strip()
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name if not unicodedata.combining(c)).casefold().strip()


def circle_members(circle, member=None, now=None):
    """The circle's members (or just `member`) in the order they joined, as the matrix needs
    them: one query, one row per member (for one member, one more for the others' names; and
    one more when two share a name: `member_labels`)."""
    now = now or timezone.now()
    members = circle.memberships.all() if member is None else circle.memberships.filter(pk=member.pk)
    # Whether they joined before the quiet spell that counts as stalled, rather than when: a
    # yes or no per member instead of a time (each one a datetime to make, 500 on one page).
    joined_long_ago = ExpressionWrapper(Q(joined_at__lt=now - STALLED_AFTER), output_field=BooleanField())
    found = [
        Member(pk, user_id, share_email, long_ago, MemberUser(user_id, name, email, language))
        for pk, user_id, share_email, long_ago, name, email, language in members.order_by("pk")
        .annotate(joined_long_ago=joined_long_ago)
        .values_list(
            "pk",
            "user_id",
            "share_email",
            "joined_long_ago",
            "user__display_name",
            "user__email",
            "user__email_language",
        )
    ]
    if member is None:
        everyone = {m.pk: m.user.get_full_name() for m in found}
    else:  # one member's page: named as the matrix names them, so among others of their name
        everyone = {
            pk: name or email
            for pk, name, email in circle.memberships.values_list("pk", "user__display_name", "user__email")
        }
    labels = member_labels(circle, everyone)
    return [replace(m, label=labels[m.pk]) if labels[m.pk] != m.user.get_full_name() else m for m in found]


def member_name(membership):
    """The name the counselor knows one member by: the matrix's (`member_labels`)."""
    member = circle_members(membership.circle, membership)[0]
    return member.label or member.user.get_full_name()


def build_matrix(circle, sort="name", member=None, today=None, now=None, members=None):
    """Members x assigned modules with progress, in a fixed number of queries whatever the size.

    The columns (modules, their lessons and quizzes) come from a fragment of the content
    version; each member's lessons come as one row of bit masks (`lesson_masks`) and their
    quizzes as one QuizResult row per quiz. `members`: only these (from `circle_members`, e.g.
    one page of the circle sorted by name), whose progress alone is read."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    if members is None:
        memberships = circle_members(circle, member, now)
        members_query = CircleMembership.objects.filter(circle=circle).values("user_id")
        if member is not None:
            members_query = members_query.filter(pk=member.pk)
    else:
        memberships, members_query = members, [m.user_id for m in members]
    assignments = list(circle.assignments.all())
    modules, lessons_by_module, quizzes = matrix_columns({a.module_id for a in assignments})

    lesson_ids = [pk for module in modules for pk in lessons_by_module[module.path]]
    masks, last_activity = lesson_masks(members_query, lesson_ids)
    bit_of = {pk: 1 << n for n, pk in enumerate(lesson_ids)}
    column_masks = [sum(bit_of[pk] for pk in lessons_by_module[module.path]) for module in modules]
    lessons_per_module = {path: len(ids) for path, ids in lessons_by_module.items()}
    no_progress = (0, False)
    progress = {  # user id -> (lessons done, any lesson touched) in each column
        user_id: tuple(
            ((done & column).bit_count(), True) if touched & column else no_progress
            for column in column_masks
        )
        for user_id, (touched, done) in masks.items()
    }
    no_lessons = (no_progress,) * len(modules)

    quiz_summaries, quiz_modules, quiz_activity = summaries_by_module(members_query, modules, quizzes)

    # One assignment per module for the whole circle and one per module and member (the
    # database's constraints): {(membership id or None, module id): due date}.
    due_by = {(a.member_id, a.module_id): a.due_date for a in assignments}

    # What is the same for every member, worked out once per module; below, modules are
    # numbered by their column, so the per-cell lookups use small integer keys.
    columns = [
        (
            module,
            (None, module.pk) in due_by,
            due_by.get((None, module.pk)),
            lessons_per_module.get(module.path, 0),
            module.pk in quiz_modules,
        )
        for module in modules
    ]
    number_of = {module.pk: number for number, module in enumerate(modules)}
    personal_due = {  # (membership id, column) -> due date, for assignments to one member
        (member_id, number_of[module_id]): due
        for (member_id, module_id), due in due_by.items()
        if member_id is not None and module_id in number_of
    }
    with_personal = {member_id for member_id, _ in personal_due}
    quiz_by = {}  # user id -> their quiz standing (or None) in each column
    for (user_id, module_id), quiz in quiz_summaries.items():
        quiz_by.setdefault(user_id, [None] * len(modules))[number_of[module_id]] = quiz
    no_quizzes = (None,) * len(modules)
    # Members with the same progress on a module share one Cell. Quiz standings are shared
    # the same way (quizzes.results.quiz_standings) and compared by identity.
    cells_seen = {}

    def make_cell(number, assigned, due, done, touched, quiz):
        module, _, _, lessons_total, has_quiz = columns[number]
        complete = module_is_complete(done, lessons_total, has_quiz, bool(quiz and quiz.passed))
        return Cell(
            module=module,
            assigned=assigned,
            due_date=due,
            lessons_done=done,
            lessons_total=lessons_total,
            started=bool(touched) or bool(quiz),
            quiz=quiz,
            has_quiz=has_quiz,
            complete=complete,
            overdue=bool(assigned and due and due < today and not complete),
        )

    circle_wide = [(assigned, due) for _, assigned, due, _, _ in columns]
    rows = []
    for membership in memberships:
        user_id = membership.user_id
        assignment = circle_wide
        if membership.pk in with_personal:
            assignment = list(circle_wide)
            for number, (_, due) in enumerate(circle_wide):
                own_due = personal_due.get((membership.pk, number), False)
                if own_due is not False:
                    assignment[number] = (True, soonest_due(due, own_due))
        cells = []
        for number, (assigned, due), (done, touched), quiz in zip(
            range(len(columns)),
            assignment,
            progress.get(user_id, no_lessons),
            quiz_by.get(user_id, no_quizzes),
            strict=True,
        ):
            key = (number, assigned, due, done, touched, quiz)
            cell = cells_seen.get(key)
            if cell is None:
                cell = cells_seen[key] = make_cell(*key)
            cells.append(cell)
        activity = [t for t in (last_activity.get(user_id), quiz_activity.get(user_id)) if t]
        last = max(activity) if activity else None
        quiet = now - last > STALLED_AFTER if last else membership.joined_long_ago
        rows.append(
            MemberRow(
                membership=membership,
                cells=cells,
                last_activity=last,
                stalled=quiet and any(c.assigned and not c.complete for c in cells),
            )
        )
    sort_rows(rows, sort)
    return modules, rows


def matrix_page(circle, sort, page_number, per_page):
    """One page of the circle's matrix, sorted over the whole circle: (modules, a Django Page
    of MemberRows, {membership pk: the name shown} for every member, e.g. for the list of
    assignments). Sorted by name (the default), the members are sorted and paged first and
    only the page's members' progress is read; any other sort needs everyone's progress."""
    now = timezone.now()
    if sort.lstrip("-") == "name":
        members = sorted(circle_members(circle, now=now), key=name_order, reverse=sort.startswith("-"))
        page = Paginator(members, per_page).get_page(page_number)
        modules, page.object_list = build_matrix(circle, sort=sort, now=now, members=list(page.object_list))
    else:
        modules, rows = build_matrix(circle, sort=sort, now=now)
        page = Paginator(rows, per_page).get_page(page_number)
        members = [row.membership for row in rows]
    return modules, page, {member.pk: member.label or member.user.get_full_name() for member in members}


# --- What a learner sees ---------------------------------------------------------------------


@dataclass
class LearnerAssignment:
    assignment: object
    module: object  # the module page to link to, in the reader's language
    counselor_name: str
    complete: bool
    overdue: bool


def learner_assignments(memberships, modules, today=None):
    """The learner's assignments (to their whole circles or to them), each module once with the
    assignment that applies (`applying_assignment`), soonest due first, from their circle
    memberships (with circle and counselor) and `modules`, their progress on the course's
    modules ({English module id: lessons.completion.ModuleProgress}, in the reader's
    language: assignments are kept under the English module, like all progress). One plain
    query; a module not in the course outline (made private since) is read on its own."""
    today = today or timezone.localdate()
    memberships = list(memberships)
    if not memberships:
        return []
    counselor_of = {m.circle_id: m.circle.counselor for m in memberships}
    assignments = Assignment.objects.filter(
        Q(member__isnull=True) | Q(member_id__in=[m.pk for m in memberships]),
        circle_id__in=counselor_of,
        module__live=True,
    )
    by_module = {}  # a module assigned to their circle and to them (or by two circles) is listed once
    for a in assignments:
        by_module.setdefault(a.module_id, []).append(a)
    result = []
    for a in map(applying_assignment, by_module.values()):
        progress = modules.get(a.module_id)
        complete = bool(progress and progress.complete)
        result.append(
            LearnerAssignment(
                assignment=a,
                module=progress.module if progress else a.module,
                counselor_name=counselor_of[a.circle_id].get_full_name(),
                complete=complete,
                overdue=bool(a.due_date and a.due_date < today and not complete),
            )
        )
    result.sort(key=lambda la: (la.complete, la.assignment.due_date or date.max, la.assignment.pk))
    return result
