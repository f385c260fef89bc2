"""Where a safety plan is kept: in the learner's account, or, for a visitor, in their session only.

One home for the rule, so the views never ask who the person is."""

from dataclasses import dataclass

from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from .forms import PLAN_FIELDS
from .models import SafetyPlan

SESSION_KEY = "toolkit_safety_plan"


def saved_plan(user):
    """The learner's own plan row, or None. Scoped to the user: nobody else's plan is reachable."""
    return SafetyPlan.objects.filter(user=user).first()


def plan_for(request):
    """The person's plan as a dict of PLAN_FIELDS, or None when they have not made one.

    A learner who made a plan before signing in finds it here until they save it to the account."""
    if request.user.is_authenticated:
        plan = saved_plan(request.user)
        if plan is not None:
            return model_to_dict(plan, fields=PLAN_FIELDS)
    data = request.session.get(SESSION_KEY)
    return {name: data.get(name, "") for name in PLAN_FIELDS} if isinstance(data, dict) else None


def keep_plan(request, cleaned_data):
    """Keep the plan: in the account when signed in (and forget any session copy), else the session."""
    data = {name: cleaned_data.get(name, "") for name in PLAN_FIELDS}
    if request.user.is_authenticated:
        SafetyPlan.objects.update_or_create(user=request.user, defaults=data)
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = data


def forget_plan(request):
    """Delete the plan wherever it is kept."""
    request.session.pop(SESSION_KEY, None)
    if request.user.is_authenticated:
        SafetyPlan.objects.filter(user=request.user).delete()


# The plan's phone numbers, each shown as a link to call it, named for whom it calls: (the field
# with that person's name, the words with the name, the words without it).
CALL_NAMED = _("Call %(name)s: %(number)s")
PHONES = {
    "prescriber_phone": ("prescriber_name", CALL_NAMED, _("Call the prescriber: %(number)s")),
    "after_hours_phone": (
        "prescriber_name",
        _("Call %(name)s after hours: %(number)s"),
        _("Call the after-hours line: %(number)s"),
    ),
    "contact_1_phone": ("contact_1_name", CALL_NAMED, _("Call the first emergency contact: %(number)s")),
    "contact_2_phone": ("contact_2_name", CALL_NAMED, _("Call the second emergency contact: %(number)s")),
}


@dataclass
class PlanRow:
    """One filled-in field of the plan, as the page shows it."""

    label: str
    value: str
    call: str = ""  # a phone number's link's name, e.g. "Call Dr. Lee: 555-123-4567"


def call_words(plan, field_name):
    """What a link to call this phone field of the plan says to a screen reader; "" for a field
    that is not a phone number (free text, such as a pharmacy's "name and phone", is shown as
    written with any number in it a link: site_tags.call_links)."""
    if field_name not in PHONES:
        return ""
    name_field, named, unnamed = PHONES[field_name]
    number, name = plan[field_name].strip(), plan.get(name_field, "").strip()
    return named % {"name": name, "number": number} if name else unnamed % {"number": number}


def plan_rows(plan):
    """The filled-in fields after the name, in the form's order."""
    fields = {field.name: field for field in SafetyPlan._meta.get_fields() if hasattr(field, "verbose_name")}
    return [
        PlanRow(fields[name].verbose_name, plan[name], call_words(plan, name))
        for name in PLAN_FIELDS[1:]
        if plan.get(name)
    ]
