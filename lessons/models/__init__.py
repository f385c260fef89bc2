"""Models of the lessons app, one concern per module, re-exported here."""

from .circles import AccessLog, Assignment, CareCircle, CircleMembership, LearnerPreferences, ReminderSent
from .pages import CoursePage, LessonPage, ModulePage
from .progress import Certificate, LessonProgress, LessonUpdate
from .reviews import ClinicalReview
from .snippets import GlossaryTerm, Reviewer

__all__ = [
    "AccessLog",
    "Assignment",
    "CareCircle",
    "Certificate",
    "CircleMembership",
    "ClinicalReview",
    "CoursePage",
    "GlossaryTerm",
    "LearnerPreferences",
    "LessonPage",
    "LessonProgress",
    "LessonUpdate",
    "ModulePage",
    "ReminderSent",
    "Reviewer",
]
