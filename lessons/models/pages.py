"""The course tree: CoursePage -> ModulePage -> LessonPage (and the module's quiz)."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from coursesite.http_cache import (
    cached_fragment,
    has_no_personal_cookies,
    private_page_headers,
    public_page_headers,
)
from home.blocks import RICH_TEXT_FEATURES
from home.languages import localize_links
from home.models import KeptViewRestrictions
from home.panels import TranslationStatusPanel

from ..blocks import LessonStreamBlock
from ..glossary import GlossaryMarker
from ..panels import ReadingLevelPanel


class ShowsProgress:
    """A course or module page: one shared copy for visitors who send no cookies; for a learner
    (signed in, or a visitor with progress on this device) their own page, with ticks and
    "x of y done" (lessons.completion.progress_on_course_pages), which no one else may keep."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not request.user.is_authenticated and has_no_personal_cookies(request):
            return public_page_headers(response)
        return private_page_headers(response)

    def learner_progress(self, request, course, modules=None):
        if getattr(request, "is_preview", False):
            return None
        from ..completion import progress_on_course_pages  # completion imports these models

        return progress_on_course_pages(request, course, modules)


class CoursePage(ShowsProgress, KeptViewRestrictions, Page):
    """A course: a set of modules taken in order."""

    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Who the course is for and what they will learn, in two or three sentences.",
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        default=60, help_text="About how long the whole course takes, in minutes."
    )

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("estimated_minutes")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["lessons.ModulePage"]

    def modules_with_lessons(self, request=None):
        """The live, public modules, numbered, each with the lessons that count
        (`counted_lessons`). The same for everyone: kept as a fragment of the content version,
        so no query at all once kept (four when it is not)."""

        def outline():
            modules = list(ModulePage.objects.child_of(self).live().public().order_by("path"))
            by_module = counted_lessons(modules)
            for number, module in enumerate(modules, start=1):
                module.number = number
                module.live_lessons = by_module[module.path]
            return modules

        return cached_fragment(f"course-outline:{self.pk}", outline, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.modules_with_lessons(request)
        context["progress"] = progress = self.learner_progress(request, self, context["modules"])
        if progress is not None:
            for module, module_progress in zip(context["modules"], progress.modules, strict=True):
                module.progress = module_progress
        return context


def counted_lessons(modules):
    """THE answer to "which lessons count" for progress, completion, certificates, counselors'
    matrix and reminders: {module path: its lessons, in order} for the given modules (siblings),
    keeping live lessons with no view restriction on them or above them. Two queries (the
    restrictions, the lessons) whatever the number of modules or lessons."""
    by_module = {module.path: [] for module in modules}
    if not modules:
        return by_module
    depth = modules[0].depth + 1
    within = models.Q()
    for parent_path in {module.path[: -Page.steplen] for module in modules}:
        within |= models.Q(path__startswith=parent_path)
    lessons = (
        LessonPage.objects.live()
        .public()
        .filter(within, depth=depth)
        .order_by("path")
        .only("id", "title", "path", "depth", "url_path", "slug", "estimated_minutes", "summary")
    )
    for lesson in lessons:
        parent = lesson.path[: -Page.steplen]
        if parent in by_module:
            by_module[parent].append(lesson)
    return by_module


class ModulePage(ShowsProgress, KeptViewRestrictions, Page):
    """A module: a few lessons on one topic, ending with a quiz."""

    summary = models.CharField(
        max_length=300, help_text="One or two plain sentences shown on the course page."
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]
    content_panels = Page.content_panels + [FieldPanel("summary")]

    parent_page_types = ["lessons.CoursePage"]
    subpage_types = ["lessons.LessonPage", "quizzes.QuizPage"]

    def live_quiz(self):
        """The module's quiz (quizzes.QuizPage, at most one), if it is published."""
        return apps.get_model("quizzes", "QuizPage").objects.child_of(self).live().public().first()

    def number(self):
        """This module's position in its course, counting from 1."""
        return ModulePage.objects.sibling_of(self).live().filter(path__lte=self.path).count()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["quiz"] = self.live_quiz()
        course = CoursePage.objects.parent_of(self).first() if self.live else None
        progress = self.learner_progress(request, course) if course is not None else None
        mine = next((m for m in progress.modules if m.module.pk == self.pk), None) if progress else None
        context["progress"] = mine
        context["lessons"] = mine.lessons if mine else counted_lessons([self])[self.path]
        return context


class LessonPage(KeptViewRestrictions, Page):
    """A lesson: a short read that teaches one part of a module, citing its sources."""

    summary = models.CharField(max_length=300, help_text="One sentence: what the reader will learn.")
    estimated_minutes = models.PositiveSmallIntegerField(
        default=5, help_text="About how many minutes it takes to read."
    )
    body = StreamField(
        LessonStreamBlock(),
        help_text=(
            "Write for a worried family member: short sentences, everyday words. "
            "Put the source after each safety fact, e.g. '(CDC)', and end with a Sources block. "
            "A lesson with a 'Call 911 if' block, or an Emergency, Warning or 'Taper or dose fact' "
            "callout, cannot be sent for review or published without a Sources block."
        ),
    )
    change_note = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Optional. If this change matters to people who already finished the lesson, say what "
            "changed in one plain sentence, e.g. 'We added when to call 911 after a fall.' They "
            "will see it on My learning and on the lesson. Leave empty for small fixes; clear it "
            "again on the next edit unless it still applies."
        ),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=(
            "How often a clinician must check this lesson again, in months. 12 is usual; choose "
            "fewer for advice that changes quickly. The lesson shows up in the clinical review "
            "queue 30 days before it is due."
        ),
    )

    # Title (boost 2 in Page.search_fields) and summary first, the body after: PostgreSQL weighs
    # them so; lessons.search.ranked groups results the same way on every backend.
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        ReadingLevelPanel(heading="Reading level"),
        TranslationStatusPanel(heading="Translation"),
        FieldPanel("body"),
        FieldPanel("change_note", heading="Change note for learners who already finished"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [
                HelpPanel(
                    content="Clinical reviewers check every lesson from their review queue, and "
                    "approve what you submit for clinical review. The lesson then shows their name "
                    "and the date; you never fill these in yourself."
                ),
                FieldPanel("review_interval_months"),
            ],
            heading="Clinical review",
        )
    ]

    parent_page_types = ["lessons.ModulePage"]
    subpage_types = []

    def serve(self, request, *args, **kwargs):
        # The visit (progress recorded, the change note due) was worked out before serving, by
        # lessons.wagtail_hooks.note_lesson_visit: the page itself only renders it.
        response = super().serve(request, *args, **kwargs)
        visit = getattr(request, "lesson_visit", None)
        if visit is not None and visit.shared:
            return public_page_headers(response)
        return private_page_headers(response)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visit = getattr(request, "lesson_visit", None)  # None in previews
        context["glossary"] = GlossaryMarker()
        context.update(self.frame(request))
        context["progress_record"] = visit.record if visit else None
        context["progress_saved_to_account"] = visit.saved_to_account if visit else True
        context["lesson_update"] = visit.update if visit else None
        context["shared_page"] = visit.shared if visit else False
        context["body_html"] = self.rendered_body(request, context["glossary"])
        return context

    def rendered_body(self, request=None, glossary=None):
        """The body's HTML with its glossary terms marked, rendered once per published revision
        and glossary (previews are never cached).

        Blocks render from their own values and the glossary only, so the HTML is the same for
        every reader."""
        glossary = glossary or GlossaryMarker()

        def render():
            return localize_links(self.body.render_as_block(context={"glossary": glossary}))

        if getattr(request, "is_preview", False) or not self.live_revision_id:
            return render()
        return cached_fragment(f"lesson-body:{self.pk}:{self.live_revision_id}", render)

    def frame(self, request=None):
        """What surrounds the body, the same for every reader: the module, "lesson 2 of 4" with
        the previous and next lessons and the module's quiz, and the latest clinical approval.
        Kept as a fragment of the content version (a review is content too); built afresh in
        previews."""
        from lessons.review import latest_approval

        def build():
            return {"module": self.get_parent(), "review": latest_approval(self), **self.position_in_module()}

        if getattr(request, "is_preview", False) or not self.live:
            return build()
        return cached_fragment(f"lesson-frame:{self.pk}", build, request)

    def position_in_module(self):
        """'Lesson 2 of 4' with the previous and next lessons, and the module's quiz (which the
        last lesson leads to), from one query of siblings."""
        siblings = list(
            Page.objects.sibling_of(self, inclusive=True)
            .live()
            .public()
            .order_by("path")
            .only("id", "title", "path", "depth", "url_path", "slug", "content_type_id")
        )
        lesson_type = ContentType.objects.get_for_model(LessonPage)
        quiz_type = ContentType.objects.get_for_model(apps.get_model("quizzes", "QuizPage"))
        lessons = [page for page in siblings if page.content_type_id == lesson_type.id]
        ids = [page.id for page in lessons]
        index_ = ids.index(self.id) if self.id in ids else 0
        return {
            "lesson_number": index_ + 1,
            "lesson_count": len(lessons),
            "previous_lesson": lessons[index_ - 1] if index_ > 0 else None,
            "next_lesson": lessons[index_ + 1] if index_ + 1 < len(lessons) else None,
            "module_quiz": next((page for page in siblings if page.content_type_id == quiz_type.id), None),
        }
