"""Factories for the page tree and users. Tests build only what they need."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from home.models import HomePage
from lessons.models import CoursePage, LessonPage, ModulePage, Reviewer


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = factory.LazyAttribute(lambda user: user.username.title())
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


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
