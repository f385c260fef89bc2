"""Snippets the course pages refer to: the clinicians who review lessons and the glossary."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Reviewer(index.Indexed, models.Model):
    """A clinician who reviews lessons before families see them."""

    name = models.CharField(max_length=120, help_text="As it should appear on lessons, e.g. 'Dr. Ana Ruiz'.")
    credentials = models.CharField(
        max_length=120,
        blank=True,
        help_text="Qualifications and role, e.g. 'MD, addiction psychiatrist'. Shown after the name "
        "on every lesson this person reviews.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewer_profile",
        help_text="The admin account this reviewer signs in with. When that account approves a "
        "lesson, the lesson shows this reviewer's name and credentials.",
    )

    panels = [FieldPanel("name"), FieldPanel("credentials"), FieldPanel("user")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "clinical reviewer"

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class GlossaryTerm(TranslatableMixin, models.Model):
    """A word families meet in the lessons, with a plain one-sentence definition.

    The first time a lesson uses the term, readers can open its definition in place; the
    glossary page (/glossary/) lists every term.
    """

    term = models.CharField(
        max_length=80,
        help_text="The word or phrase as readers see it, with a capital first letter, e.g. 'Half-life'.",
    )
    definition = models.CharField(
        max_length=300,
        help_text="One plain sentence a worried family member can follow, with no other hard words. "
        "Do not give doses or a taper plan.",
    )
    other_forms = models.CharField(
        max_length=200,
        blank=True,
        help_text="Other ways lessons write this word, separated by commas, e.g. 'tapering, tapered'. "
        "Plurals ending in 's' or 'es' are found without listing them.",
    )

    panels = [
        HelpPanel(
            content="Definitions go live as soon as you save them, on every lesson that uses the word, "
            "so only clinical reviewers and site admins can change them."
        ),
        FieldPanel("term"),
        FieldPanel("definition"),
        FieldPanel("other_forms"),
    ]

    class Meta(TranslatableMixin.Meta):
        # Each language has its own words (wagtail-localize translates a term into Spanish);
        # within one language a term is defined once.
        ordering = [Lower("term")]
        verbose_name = "glossary term"
        constraints = [
            models.UniqueConstraint(fields=["term", "locale"], name="one_glossary_term_per_language")
        ]

    def __str__(self):
        return self.term

    @property
    def anchor(self):
        """The id of this term on the glossary page, e.g. 'half-life'."""
        return slugify(self.term)

    def forms(self):
        """Every way the term is written: the term itself, then the other forms."""
        extra = [form.strip() for form in self.other_forms.split(",")]
        return [self.term] + [form for form in extra if form]
