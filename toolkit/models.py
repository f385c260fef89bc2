"""The learner's own health notes: a safety plan and a symptom diary.

Private to the learner who wrote them: no view shows them to anyone else (counselors and care
circles included), they are in the learner's export and deleted with the account (CASCADE).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .validators import validate_phone

PLAN_TEXT_MAX = 400
DIARY_NOTES_MAX = 500


class SafetyPlan(models.Model):
    """One learner's filled-in safety plan for their loved one (at most one per learner)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    first_name = models.CharField(_("Your loved one's first name"), max_length=40)
    what_it_looks_like = models.TextField(
        _("What a seizure or an overdose looks like for them"),
        max_length=PLAN_TEXT_MAX,
        blank=True,
        help_text=_("For example: stares and does not answer, then shakes for about a minute."),
    )
    prescriber_name = models.CharField(_("Prescriber's name"), max_length=80, blank=True)
    prescriber_phone = models.CharField(
        _("Prescriber's phone"), max_length=30, blank=True, validators=[validate_phone]
    )
    after_hours_phone = models.CharField(
        _("After-hours phone"),
        max_length=30,
        blank=True,
        validators=[validate_phone],
        help_text=_("The number to call at night and at weekends, if the prescriber gave one."),
    )
    pharmacy = models.CharField(_("Pharmacy (name and phone)"), max_length=120, blank=True)
    rescue_medicine = models.TextField(
        _("Rescue medicine and how it was prescribed"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only if a clinician prescribed one: its name, and when and how to give it, as they said. "
            "Leave empty if there is none."
        ),
    )
    contact_1_name = models.CharField(_("First emergency contact: name"), max_length=60, blank=True)
    contact_1_phone = models.CharField(
        _("First emergency contact: phone"), max_length=30, blank=True, validators=[validate_phone]
    )
    contact_2_name = models.CharField(_("Second emergency contact: name"), max_length=60, blank=True)
    contact_2_phone = models.CharField(
        _("Second emergency contact: phone"), max_length=30, blank=True, validators=[validate_phone]
    )
    nearest_er = models.CharField(_("Nearest emergency room (name and address)"), max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Safety plan #{self.pk}"


class Symptom(models.TextChoices):
    """Common withdrawal signs from the course (content brief, Module 2)."""

    TREMOR = "tremor", _("Shaking or tremor")
    SWEATING = "sweating", _("Sweating")
    HEARTBEAT = "heartbeat", _("Fast heartbeat")
    STOMACH = "stomach", _("Stomach upset")
    LIGHT_SOUND = "light_sound", _("Light or sound feel too strong")
    EARS = "ears", _("Ringing in the ears")
    TWITCHES = "twitches", _("Muscle twitches")
    UNREAL = "unreal", _("Feeling detached or unreal")
    NIGHTMARES = "nightmares", _("Nightmares")
    IRRITABLE = "irritable", _("Irritable")
    MEMORY = "memory", _("Memory problems")
    CONFUSION = "confusion", _("Confusion")


class DiaryEntry(models.Model):
    """One day of the learner's symptom diary. One entry per day: saving the day again from its own
    entry replaces it (toolkit.forms.DiaryEntryForm.save_for says when a form may)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_entries")
    day = models.DateField(_("Date"))
    sleep_hours = models.DecimalField(
        _("Hours of sleep last night"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    anxiety = models.PositiveSmallIntegerField(
        _("Anxiety today, from 0 (none) to 10 (the worst)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
    )
    symptoms = models.JSONField(_("Symptoms today"), default=list, blank=True)
    dose_changed = models.BooleanField(_("The dose changed today"), default=False)
    seizure = models.BooleanField(_("A seizure happened"), default=False)
    suicidal_thoughts = models.BooleanField(_("Thoughts of suicide or self-harm"), default=False)
    notes = models.TextField(_("Notes"), max_length=DIARY_NOTES_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="toolkit_one_entry_per_day")]
        verbose_name_plural = _("diary entries")

    def __str__(self):
        return f"Diary entry #{self.pk}"

    @property
    def symptom_labels(self):
        labels = dict(Symptom.choices)
        return [str(labels[key]) for key in self.symptoms if key in labels]  # in the active language
