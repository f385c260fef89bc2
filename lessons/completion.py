"""When a module and a course are complete: the one rule, read top to bottom.

1. Which lessons count: `counted_lessons` (lessons.models.pages): live lessons with no view
   restriction on them or above them, directly in live, public modules. The course page, My
   learning, the counselor's matrix, certificates and reminders all count with it.
2. A module's quiz: its live quiz with no view restriction (quizzes.results.module_quizzes).
3. A module is complete when every lesson that counts is done and, if it has a quiz, the quiz
   was passed at least once (`module_is_complete`; quiz results from quizzes.results).
4. A course is complete when every module is. Finishing it (the last lesson done, or the last
   quiz passed) issues the learner's certificate, once.

`course_progress` applies the rule for one learner (an account or a visitor's session) in a
constant number of queries; circles.matrix applies the same `module_is_complete` to a whole
circle at once.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from coursesite.http_cache import cached_fragment, has_no_personal_cookies
from home.languages import active_locale_id, default_locale_id, source_id
from quizzes.history import AccountAttempts, SessionAttempts
from quizzes.results import module_quizzes

from .models import Certificate, CoursePage
from .progress import AccountProgress, progress_for


def module_is_complete(lessons_done, lessons_total, has_quiz=False, quiz_passed=False):
    """THE completion rule: every lesson complete and, when the module has a quiz, it is passed."""
    if lessons_total == 0 and not has_quiz:
        return False
    return lessons_done >= lessons_total and (quiz_passed or not has_quiz)


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
        return any(lesson.pk in self.records for lesson in self.lessons) or self.quiz_best_score is not None

    def continue_lesson(self):
        """Where to pick up in this module (`continue_in`)."""
        return continue_in([self])

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
        """Where to pick up in the course (`continue_in`)."""
        return continue_in(self.modules)


def continue_in(modules):
    """Where to pick up in these ModuleProgresses (a course's, or one module's): the most
    recently touched lesson if unfinished, else the next unfinished lesson after it, else the
    first unfinished lesson; None when every lesson is done."""
    ordered = [lesson for m in modules for lesson in m.lessons]
    records = {pk: r for m in modules for pk, r in m.records.items()}
    unfinished = [
        lesson for lesson in ordered if not (records.get(lesson.pk) and records[lesson.pk].completed)
    ]
    if not unfinished:
        return None
    touched = [lesson for lesson in ordered if lesson.pk in records]
    if not touched:
        return unfinished[0]
    latest = max(touched, key=lambda lesson: records[lesson.pk].completed_at or records[lesson.pk].started_at)
    if latest in unfinished:
        return latest
    after = ordered[ordered.index(latest) + 1 :]
    return next((lesson for lesson in after if lesson in unfinished), unfinished[0])


def live_courses(request=None):
    """The live, public courses in the reader's language, in order (a fragment of the content
    version and the language)."""
    return cached_fragment(
        "live-courses",
        lambda: list(
            CoursePage.objects.live().public().filter(locale_id=active_locale_id(request)).order_by("path")
        ),
        request,
    )


def course_progress(store, course, request=None, modules=None):
    """The learner's progress through a course: lessons and quiz results together.

    The outline (modules, the lessons that count, their quizzes) is the same for everyone and
    kept as fragments of the content version; the learner's own part is two queries for an
    account (lesson records, quiz results) whatever the course's size, none for a visitor.
    `modules`: the course's modules_with_lessons(), when the caller has them already.
    """
    modules = course.modules_with_lessons(request) if modules is None else modules
    lesson_ids = [lesson.pk for module in modules for lesson in module.live_lessons]
    records = store.lesson_records(lesson_ids)
    quizzes = cached_fragment(f"course-quizzes:{course.pk}", lambda: module_quizzes(modules), request)
    attempts = AccountAttempts(store.user) if store.is_saved_to_account else SessionAttempts(store.session)
    summaries = attempts.summaries([quiz.pk for quiz in quizzes.values()]) if quizzes else {}
    progresses = []
    for module in modules:
        progress = ModuleProgress(
            module=module,
            lessons=module.live_lessons,
            records={lesson.pk: records[lesson.pk] for lesson in module.live_lessons if lesson.pk in records},
            quiz=quizzes.get(module.path),
        )
        summary = summaries.get(progress.quiz.pk) if progress.quiz else None
        if summary is not None:
            progress.quiz_passed = summary.passed
            progress.quiz_best_score = summary.best_score
            progress.quiz_latest_score = summary.latest_score
            progress.quiz_passed_at = summary.first_passed_at
        progresses.append(progress)
    return CourseProgress(course=course, modules=progresses)


def issue_certificate_if_complete(user, progress):
    """Give the learner a certificate the first time their course progress is complete."""
    if not progress.complete:
        return None
    certificate, _ = Certificate.objects.get_or_create(
        user=user, course=progress.course, defaults={"completed_at": progress.completed_at or timezone.now()}
    )
    return certificate


def certificate_after(user, page):
    """A lesson newly done or a quiz passed for the first time under `page` may finish its
    course (nothing else a learner does can): the certificate, newly issued, or None. Nothing
    is computed when the learner holds the course's certificate already."""
    course = CoursePage.objects.ancestor_of(page).live().first()
    if course is not None and course.locale_id != default_locale_id():
        # One learner record: a course finished in Spanish is the English course finished.
        course = CoursePage.objects.filter(pk=source_id(course.pk)).first()
    if course is None or Certificate.objects.filter(user=user, course=course).exists():
        return None
    return issue_certificate_if_complete(user, course_progress(AccountProgress(user), course))


def refresh_certificates(user):
    """Issue any certificate the learner has earned (e.g. after merging visitor progress)."""
    store = AccountProgress(user)
    for course in CoursePage.objects.live().public().filter(locale_id=default_locale_id()):
        issue_certificate_if_complete(user, course_progress(store, course))


def progress_on_course_pages(request, course, modules=None):
    """The progress a course page and its module pages show (ticks, "2 of 4 done"), each lesson
    given its `state`; None for a visitor who sends no cookies, whose page is the one shared
    copy (lessons.models.pages.ShowsProgress decides the page's cache headers the same way)."""
    if not request.user.is_authenticated and has_no_personal_cookies(request):
        return None
    progress = course_progress(progress_for(request), course, request, modules)
    for module in progress.modules:
        for lesson in module.lessons:
            lesson.state = module.state(lesson)
    return progress
