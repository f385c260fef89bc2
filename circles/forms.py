"""Forms of care circles: a counselor's circle and assignments, a learner's consent to join."""

import re

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import INVITE_DAYS_CHOICES, INVITE_DAYS_DEFAULT
from .rules import member_labels, name_order

_ID = re.compile(r"[0-9]{1,18}")


def _check_ids(field, values):
    """Refuse ids a database integer cannot hold before they reach a query (SQLite raises
    OverflowError on them, which would be a 500)."""
    for value in values:
        if value not in field.empty_values and not _ID.fullmatch(str(value)):
            raise forms.ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:20]},
            )


class IdChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        _check_ids(self, [value])
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        if value is not None and not isinstance(value, str | int):
            _check_ids(self, list(value))
        return super().clean(value)


def _after_days(days):
    return ngettext("After %(days)d day", "After %(days)d days", days) % {"days": days}


_after_days_lazy = lazy(_after_days, str)


class InviteForm(forms.Form):
    """How long a new invitation link and code keep working (they always stop in the end)."""

    expires_in_days = forms.TypedChoiceField(
        choices=[(str(days), _after_days_lazy(days)) for days in INVITE_DAYS_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
        initial=str(INVITE_DAYS_DEFAULT),
        label=_("Invitation stops working"),
    )


class CircleForm(InviteForm):
    """Create a care circle."""

    name = forms.CharField(
        max_length=80,
        label=_("Circle name"),
        help_text=_("Only you see it, e.g. 'Rivera family'. Avoid health details."),
    )
    field_order = ["name", "expires_in_days"]


class AssignmentForm(forms.Form):
    """Assign several modules at once to a whole circle or one member, each with its own due
    date (or the same one for all), in one submission."""

    modules = IdMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Modules to assign"),
        error_messages={"required": _("Tick at least one of the modules to assign.")},
    )
    member = IdChoiceField(
        queryset=None, required=False, empty_label=_("Everyone in the circle"), label=_("Who")
    )
    due_date = forms.DateField(
        required=False,
        label=_("Same due date for every module ticked (optional)"),
        help_text=_("For example 2026-12-24. A date next to a module is used for that module instead."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(max_length=200, required=False, label=_("Short note (optional)"))
    remove_note = forms.BooleanField(
        required=False, label=_("Remove the note from the modules ticked that are already assigned")
    )

    def __init__(self, circle, *args, request=None, **kwargs):
        from django.utils import timezone

        from home.languages import default_locale_id, localized_titles
        from lessons.models import ModulePage

        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        # Each module once: assignments, like all progress, are kept under the English module
        # (a learner reading in Spanish has it counted there); a Spanish module's id is refused.
        modules = ModulePage.objects.live().filter(locale_id=default_locale_id()).order_by("path")
        self.module_list = list(modules)
        self.titles = localized_titles(self.module_list, request)  # named in the reader's language
        self.fields["modules"].queryset = modules
        self.fields["modules"].label_from_instance = lambda module: self.titles.get(module.pk, module.title)
        members = list(circle.memberships.select_related("user"))
        self.fields["member"].queryset = circle.memberships.all()
        # Listed in name order (the matrix's), so one person among many is easy to find; two
        # members of the same name told apart as the matrix tells them apart.
        labels = member_labels(circle, {m.pk: m.user.get_full_name() for m in members})
        everyone = [("", self.fields["member"].empty_label)]
        self.fields["member"].choices = everyone + [
            (m.pk, labels[m.pk]) for m in sorted(members, key=name_order)
        ]
        self.assigned = {}  # module id -> its assignments in the circle, to say so beside it
        for assignment in circle.assignments.all():
            assignment.member_label = labels.get(assignment.member_id)
            self.assigned.setdefault(assignment.module_id, []).append(assignment)
        for module in self.module_list:
            self.fields[self.due_field(module)] = forms.DateField(
                required=False,
                label=gettext("Due date for %(module)s (optional)") % {"module": self.titles[module.pk]},
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def note_change(self):
        """What happens to the note of a module already assigned: the new note, "" to remove
        it, or None to keep the one it has (no note written, nothing ticked)."""
        if self.cleaned_data["remove_note"]:
            return ""
        return self.cleaned_data["note"] or None

    @staticmethod
    def due_field(module):
        return f"due_{module.pk}"

    def module_rows(self):
        """(checkbox, its own due date field, its assignments already made) per module, for the
        template. A checkbox is described by the line that says who has the module already
        (id "<checkbox id>-assigned"), so it is read out with it."""
        choices = {str(choice.data["value"]): choice for choice in self["modules"]}
        rows = []
        for module in self.module_list:
            choice, assigned = choices[str(module.pk)], self.assigned.get(module.pk, [])
            if assigned:
                attrs = choice.data["attrs"] = dict(choice.data["attrs"])
                described = [attrs.get("aria-describedby"), f"{choice.id_for_label}-assigned"]
                attrs["aria-describedby"] = " ".join(filter(None, described))
            rows.append((choice, self[self.due_field(module)], assigned))
        return rows

    def clean_due_date(self):
        return self._not_past(self.cleaned_data.get("due_date"))

    def _not_past(self, due):
        if due and due < self.today:
            raise forms.ValidationError(gettext("Pick today or a later date."))
        return due

    def clean(self):
        cleaned = super().clean()
        ticked = {module.pk for module in cleaned.get("modules") or ()}
        for module in self.module_list:
            name = self.due_field(module)
            due = cleaned.get(name)
            if due is None:
                continue
            if module.pk not in ticked:
                self.add_error(
                    name,
                    gettext("Tick “%(module)s” to assign it, or clear its date.")
                    % {"module": self.titles[module.pk]},
                )
                continue
            try:
                self._not_past(due)
            except forms.ValidationError as error:
                self.add_error(name, error)
        if cleaned.get("remove_note") and cleaned.get("note"):
            self.add_error("note", gettext("Write a new note or tick “Remove the note”, not both."))
        return cleaned

    def due_for(self, module):
        """The module's own due date, else the one for all ticked modules, else None."""
        return self.cleaned_data.get(self.due_field(module)) or self.cleaned_data.get("due_date")


class JoinForm(forms.Form):
    """A learner's consent to join a care circle."""

    share_email = forms.BooleanField(
        required=False,
        label=_("Also show my email address to the counselor"),
        help_text=_("Optional. Without it, the counselor sees only your display name."),
    )


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        label=_("Circle code"),
        help_text=_("The 8-character code your counselor gave you, e.g. K7Q2-M9XP."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
