"""Snippets the course pages refer to."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Reviewer(index.Indexed, models.Model):
    """A clinician who reviews lessons before families see them."""

    name = models.CharField(max_length=120, help_text="As it should appear on lessons, e.g. 'Dr. Ana Ruiz'.")
    credentials = models.CharField(
        max_length=120,
        help_text="Qualifications and role, e.g. 'MD, addiction psychiatrist'.",
    )
    user = models.OneToOneField(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewer_profile",
        help_text="The admin account this reviewer signs in with, if any.",
    )

    panels = [FieldPanel("name"), FieldPanel("credentials"), FieldPanel("user")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "clinical reviewer"

    def __str__(self):
        return f"{self.name}, {self.credentials}"
