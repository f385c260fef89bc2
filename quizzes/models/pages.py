"""The quiz at the end of a module: a page editors build from question blocks."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from coursesite.http_cache import cached_fragment
from home.languages import active_locale_id, page_language, subpage_path
from home.models import KeptViewRestrictions
from home.panels import TranslationStatusPanel

from ..blocks import KIND_BY_BLOCK_TYPE, QuizQuestionsBlock
from ..scoring import Choice, Question

ANSWERS_PREVIEW = "answers"
LESSON_LINKS_KEY_PREFIX = "quizzes:lesson-links:"


def lesson_links(lesson_ids, request=None):
    """{lesson id: (title, url)} of the live lessons among lesson_ids, for questions' "read the
    lesson again" links.

    Kept as a fragment of the content version (coursesite.http_cache: saving, publishing,
    moving or deleting any page starts a new one), so most submissions make no query for them.
    Only lesson titles and addresses are kept there: never a question or an answer.
    """
    site = Site.find_for_request(request) if request is not None else None
    ids = sorted(int(pk) for pk in lesson_ids)
    key = f"{LESSON_LINKS_KEY_PREFIX}{site.pk if site else '-'}:{','.join(map(str, ids))}"

    def links():
        # A question names its lesson as the editor chose it (the English one, in a Spanish quiz
        # that wagtail-localize copied): the link goes to that lesson in the reader's language.
        chosen = dict(Page.objects.filter(pk__in=ids).values_list("pk", "translation_key"))
        lessons = {
            lesson.translation_key: lesson
            for lesson in Page.objects.live().filter(
                translation_key__in=chosen.values(), locale_id=active_locale_id(request)
            )
        }
        return {
            pk: (lessons[key].title, lessons[key].get_url(request) or "")
            for pk, key in chosen.items()
            if key in lessons
        }

    return cached_fragment(key, links)


class QuizPage(RoutablePageMixin, KeptViewRestrictions, Page):
    """A module's quiz: questions checked on the server, feedback after submitting, retries allowed."""

    intro = models.CharField(
        max_length=300,
        blank=True,
        help_text="One sentence above the questions, e.g. 'Check that you know what to do during a seizure.'",
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=(
            "The score (in %) needed to pass, from 1 to 100. Learners must also get every "
            "must-know question right."
        ),
    )
    shuffle = models.BooleanField(
        default=True,
        help_text=(
            "Show each question's answers in a new order on every try, so the right answer is not "
            "always in the same place. Questions stay in your order; true/false stays True, False."
        ),
    )
    questions = StreamField(
        QuizQuestionsBlock(),
        help_text=(
            "The questions, in the order learners see them. Each needs its answers, feedback "
            "and an explanation."
        ),
    )

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=(
                        "Learners never see which answers are right, the feedback or the explanations "
                        "until they send their answers. Use Preview, mode “Answers and feedback”, "
                        "to check them."
                    )
                ),
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("shuffle")]),
            ],
            heading="Passing",
        ),
        FieldPanel("questions"),
        TranslationStatusPanel(heading="Translation"),
    ]

    parent_page_types = ["lessons.ModulePage"]
    subpage_types = []
    max_count_per_parent = 1
    allowed_http_methods = ["GET", "HEAD", "OPTIONS", "POST"]

    class Meta:
        verbose_name = "quiz"

    @property
    def preview_modes(self):
        return [
            ("", gettext("The quiz as learners see it")),
            (ANSWERS_PREVIEW, gettext("Answers and feedback")),
        ]

    @path("")
    def take(self, request):
        """GET: the quiz form. POST: check the answers, keep the attempt, show the result."""
        from ..views import submit_quiz, take_quiz

        if request.method == "POST":
            return submit_quiz(request, self)
        return take_quiz(request, self)

    # In the page's language: /es/.../cuestionario/resultados/<nonce>/ (`result_url`).
    @path(_("results/<str:nonce>/"), name="result")
    def result(self, request, nonce):
        """The result of one of the learner's own attempts."""
        from ..views import show_result

        return show_result(request, self, nonce)

    def serve_preview(self, request, mode_name):
        from ..views import preview_answers, take_quiz

        if mode_name == ANSWERS_PREVIEW:
            return preview_answers(request, self)
        return take_quiz(request, self)

    def save(self, *args, **kwargs):
        # Attempts and analytics refer to questions and answers by their block ids, so every
        # answer must have a stored id. Stream data that was written raw (by code, not through
        # the editor) may lack them; converting each question here gives them ids that are saved.
        for question in self.questions:
            question.value["choices"].bound_blocks  # noqa: B018 - converts the block, see above
        return super().save(*args, **kwargs)

    def answer_key(self, request=None, with_links=True):
        """The questions with their right answers, feedback and explanations (server side only).

        Read from the stored JSON, so it costs no query for the questions, and at most one for
        the lessons they link to (see lesson_links; none with with_links=False, e.g. for the form).
        """
        stream = self.questions.get_prep_value()
        links = {}
        if with_links:
            lesson_ids = {block["value"].get("lesson") for block in stream} - {None}
            links = lesson_links(lesson_ids, request) if lesson_ids else {}
        key = []
        for block in stream:
            value = block["value"]
            link, anchor = links.get(value.get("lesson")), value.get("anchor")
            lesson_url = link[1] + (f"#{anchor}" if anchor else "") if link else ""
            key.append(
                Question(
                    id=block["id"],
                    kind=KIND_BY_BLOCK_TYPE[block["type"]],
                    text=value.get("text") or "",
                    scenario=value.get("scenario") or "",
                    must_know=bool(value.get("must_know")),
                    explanation=value.get("explanation") or "",
                    lesson_title=link[0] if lesson_url else "",
                    lesson_url=lesson_url,
                    choices=tuple(
                        Choice(
                            id=choice_id,
                            text=choice.get("text") or "",
                            correct=bool(choice.get("correct")),
                            feedback=choice.get("feedback") or "",
                        )
                        for choice_id, choice in self._choices(block)
                    ),
                )
            )
        return key

    @staticmethod
    def _choices(block):
        """(id, value) of a question's answers. Answers stored without an id (written raw, not
        saved through save()) get one from their place, so they can still be answered."""
        for place, item in enumerate(block["value"].get("choices") or []):
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                yield item.get("id") or f"{block['id']}-{place}", item["value"]
            else:
                yield f"{block['id']}-{place}", item

    def result_url(self, nonce, request=None):
        """Where the result of the attempt sent with this nonce is shown."""
        return self.get_url(request) + subpage_path(self, "result", [nonce], page_language(self, request))
