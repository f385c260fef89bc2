"""The learner's toolkit data for their own export (accounts/export.py calls `export_for`)."""

from django.forms.models import model_to_dict

from .forms import PLAN_FIELDS
from .models import DiaryEntry, SafetyPlan


def export_for(user):
    """The learner's safety plan and symptom diary, JSON-ready. Deletion needs no code here: every
    row cascades from the user."""
    plan = SafetyPlan.objects.filter(user=user).first()
    return {
        "safety_plan": (
            dict(model_to_dict(plan, fields=PLAN_FIELDS), updated_at=plan.updated_at.isoformat())
            if plan
            else None
        ),
        "symptom_diary": [
            {
                "day": entry.day.isoformat(),
                "sleep_hours": float(entry.sleep_hours) if entry.sleep_hours is not None else None,
                "anxiety": entry.anxiety,
                "symptoms": entry.symptom_labels,
                "dose_changed": entry.dose_changed,
                "seizure": entry.seizure,
                "suicidal_thoughts": entry.suicidal_thoughts,
                "notes": entry.notes,
            }
            for entry in DiaryEntry.objects.filter(user=user).order_by("day")
        ],
    }
