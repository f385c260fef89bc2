"""Factories for the page tree and users. Tests build only what they need."""

import datetime

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from home.models import HomePage
from lessons.models import ClinicalReview, CoursePage, GlossaryTerm, LessonPage, ModulePage, Reviewer
from quizzes.models import QuizPage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    display_name = factory.LazyAttribute(lambda user: user.username.title())
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """Sign-in needs a verified address (ACCOUNT_EMAIL_VERIFICATION = "mandatory"), as every
        real account has one. UserFactory(verified_email=False) for an unverified account."""
        if create and self.email and extracted is not False:
            EmailAddress.objects.update_or_create(
                user=self, email=self.email.lower(), defaults={"verified": True, "primary": True}
            )


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Home"
    intro = "<p>Welcome.</p>"


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Course {n}")
    intro = "<p>A course.</p>"


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    summary = "What this module covers."


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "What this lesson teaches."
    estimated_minutes = 5
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "A section", "level": "h2", "anchor": "a-section"}},
            {"type": "paragraph", "value": "<p>Some plain words.</p>"},
        ]
    )


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reviewer

    name = factory.Sequence(lambda n: f"Dr. Reviewer {n}")
    credentials = "MD, addiction psychiatrist"


def quiz_question(
    text="Which is right?",
    choices=(("Right", True, "Yes, right."), ("Wrong", False, "No, wrong.")),
    kind="single_choice",
    must_know=False,
    scenario="",
    explanation="Because the lesson says so.",
    lesson=None,
    anchor="",
):
    """Stream data for one quiz question; `choices` are (text, correct, feedback) triples."""
    return {
        "type": kind,
        "value": {
            "scenario": scenario,
            "text": text,
            "choices": [{"text": t, "correct": c, "feedback": f} for t, c, f in choices],
            "explanation": explanation,
            "lesson": lesson.pk if lesson else None,
            "anchor": anchor,
            "must_know": must_know,
        },
    }


class QuizPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = QuizPage

    title = factory.Sequence(lambda n: f"Quiz {n}")
    slug = "quiz"
    intro = "Check what you learned."
    pass_mark = 80
    shuffle = False
    questions = factory.LazyFunction(lambda: [quiz_question()])


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm
        django_get_or_create = ("term", "locale")

    term = factory.Sequence(lambda n: f"Term {n}")
    definition = "A plain one-sentence definition."
    locale = factory.LazyFunction(Locale.get_default)


class ClinicalReviewFactory(factory.django.DjangoModelFactory):
    """A review recorded in the past, for tests of the review clock (the real path is
    lessons.review.review_live_page, which always records today)."""

    class Meta:
        model = ClinicalReview

    class Params:
        on = None  # the day of the review (at noon); now when not given

    reviewer_name = "Dr. Ana Ruiz"
    reviewer_credentials = ""
    reviewed_at = factory.LazyAttribute(
        lambda review: (
            datetime.datetime.combine(review.on, datetime.time(12), timezone.get_current_timezone())
            if review.on
            else timezone.now()
        )
    )
    outcome = ClinicalReview.APPROVED
    route = ClinicalReview.QUEUE
