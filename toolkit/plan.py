"""Where a safety plan is kept: in the learner's account, or, for a visitor, in their session only.

One home for the rule, so the views never ask who the person is."""

from django.forms.models import model_to_dict

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


def plan_rows(plan):
    """(label, value) pairs of the filled-in fields after the name, in the form's order."""
    fields = {field.name: field for field in SafetyPlan._meta.get_fields() if hasattr(field, "verbose_name")}
    return [(fields[name].verbose_name, plan[name]) for name in PLAN_FIELDS[1:] if plan.get(name)]
