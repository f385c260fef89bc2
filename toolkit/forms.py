"""Forms for the plan, the prescriber checklist and the diary. Every message is plain; every text
is capped; a form with an error is shown again with everything the person typed."""

import datetime

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import DiaryEntry, SafetyPlan, Symptom
from .questions import QUESTIONS

PLAN_FIELDS = [
    "first_name",
    "what_it_looks_like",
    "prescriber_name",
    "prescriber_phone",
    "after_hours_phone",
    "pharmacy",
    "rescue_medicine",
    "contact_1_name",
    "contact_1_phone",
    "contact_2_name",
    "contact_2_phone",
    "nearest_er",
]
PHONE_FIELDS = {"prescriber_phone", "after_hours_phone", "contact_1_phone", "contact_2_phone"}


class SafetyPlanForm(forms.ModelForm):
    """The safety plan. The same form serves visitors (kept in their session) and learners."""

    class Meta:
        model = SafetyPlan
        fields = PLAN_FIELDS
        widgets = {
            "what_it_looks_like": forms.Textarea(attrs={"rows": 3}),
            "rescue_medicine": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"first_name": {"required": _("Enter your loved one's first name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in PHONE_FIELDS:
                field.widget.input_type = "tel"
                field.widget.attrs["autocomplete"] = "off"
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def clean(self):
        data = super().clean()
        return {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}


class QuestionsForm(forms.Form):
    """Which questions for the prescriber to print, and up to three of the family's own."""

    ask = forms.MultipleChoiceField(
        choices=[(q.key, q.question) for q in QUESTIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("One of the ticked questions is not on this list. Tick again.")},
    )
    own_1 = forms.CharField(label=_("Your own question"), max_length=300, required=False)
    own_2 = forms.CharField(label=_("Another question"), max_length=300, required=False)
    own_3 = forms.CharField(label=_("Another question"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("ask") and not any(data.get(f"own_{n}") for n in (1, 2, 3)):
            raise forms.ValidationError(gettext("Tick at least one question, or write one of your own."))
        return data

    def chosen(self):
        keys = set(self.cleaned_data["ask"])
        own = [self.cleaned_data[f"own_{n}"].strip() for n in (1, 2, 3)]
        return [q for q in QUESTIONS if q.key in keys], [text for text in own if text]


class DiaryEntryForm(forms.ModelForm):
    """One day of the diary.

    The rule (`save_for`): a form replaces a day's entry only if it was filled in from that
    day's entry. A form filled in for one day and sent with another date is never saved
    (MOVED); a form filled in for no day (a blank one, "Add another day") is saved only onto a
    day with no entry yet (otherwise TAKEN), unless that day holds exactly its answers already:
    the same form sent twice is saved once, not refused."""

    MOVED, TAKEN = "moved", "taken"
    refusal = None  # why save_for refused the form, if it did
    # MOVED only: whether anything was typed beyond the answers the form was filled in with (then
    # the form is shown again as sent, so nothing typed is lost).
    typed_over = False

    # The day whose entry filled the form in (a "Change" link, or today's entry), sent back
    # with it.
    filled_for = forms.DateField(required=False, widget=forms.HiddenInput)
    symptoms = forms.MultipleChoiceField(
        label=_("Symptoms that day"),
        choices=Symptom.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("One of the ticked symptoms is not on this list. Tick again.")},
    )

    class Meta:
        model = DiaryEntry
        fields = [
            "day",
            "sleep_hours",
            "anxiety",
            "symptoms",
            "dose_changed",
            "seizure",
            "suicidal_thoughts",
            "notes",
        ]
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sleep_hours": forms.NumberInput(
                attrs={"min": 0, "max": 24, "step": 0.5, "inputmode": "decimal"}
            ),
            "anxiety": forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1, "inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        # Words that fit whichever date the form is for (a past day's too), not "today".
        labels = {
            "sleep_hours": _("Hours of sleep the night before"),
            "anxiety": _("Anxiety that day, from 0 (none) to 10 (the worst)"),
            "dose_changed": _("The dose changed that day"),
        }
        error_messages = {
            "day": {
                "required": _("Enter the date, for example 2026-03-14."),
                "invalid": _("Enter the date as year-month-day, for example 2026-03-14."),
            },
            "sleep_hours": {
                "invalid": _("Enter the hours of sleep as a number from 0 to 24, for example 6.5."),
                "max_digits": _("Enter the hours of sleep as a number from 0 to 24, for example 6.5."),
                "max_decimal_places": _("Use at most one decimal place, for example 6.5."),
                "max_whole_digits": _("Enter the hours of sleep as a number from 0 to 24, for example 6.5."),
            },
            "anxiety": {"invalid": _("Enter anxiety as a whole number from 0 to 10.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["sleep_hours"].validators = []
        self.fields["anxiety"].validators = []

    def clean_day(self):
        day = self.cleaned_data["day"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(
                gettext("The date cannot be in the future. Choose today or an earlier day.")
            )
        if day < today - datetime.timedelta(days=366):
            raise forms.ValidationError(gettext("Choose a date in the last year."))
        return day

    def clean_sleep_hours(self):
        hours = self.cleaned_data["sleep_hours"]
        if hours is not None and not 0 <= hours <= 24:
            raise forms.ValidationError(
                gettext("Enter the hours of sleep as a number from 0 to 24, for example 6.5.")
            )
        return hours

    def clean_anxiety(self):
        anxiety = self.cleaned_data["anxiety"]
        if anxiety is not None and not 0 <= anxiety <= 10:
            raise forms.ValidationError(gettext("Enter anxiety as a whole number from 0 to 10."))
        return anxiety

    def clean_notes(self):
        return self.cleaned_data["notes"].strip()

    def save_for(self, user):
        """Save this (valid) form for the user by the rule above and return the entry, or None
        when the rule refuses it; `refusal` then says why (MOVED or TAKEN)."""
        day, filled_for = self.cleaned_data["day"], self.cleaned_data.get("filled_for")
        answers = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "day"}
        if filled_for == day:
            entry, _ = DiaryEntry.objects.update_or_create(user=user, day=day, defaults=answers)
            return entry
        if filled_for is not None:
            self.refusal = self.MOVED
            filled_from = DiaryEntry.objects.filter(user=user, day=filled_for).first()
            self.typed_over = filled_from is None or not _same_answers(filled_from, answers)
            return None
        try:
            with transaction.atomic():  # a new day only: the unique (user, day) row decides, race-free
                return DiaryEntry.objects.create(user=user, day=day, **answers)
        except IntegrityError:
            existing = DiaryEntry.objects.filter(user=user, day=day).first()
        if existing is not None and _same_answers(existing, answers):
            return existing
        self.refusal = self.TAKEN
        return None


def _same_answers(entry, answers):
    return all(
        sorted(getattr(entry, name)) == sorted(value) if name == "symptoms" else getattr(entry, name) == value
        for name, value in answers.items()
    )
