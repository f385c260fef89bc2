"""Models of the lessons app, one concern per module, re-exported here."""

from .pages import CoursePage, LessonPage, ModulePage, counted_lessons
from .progress import Certificate, LessonProgress, LessonUpdate, VisitorLessonProgress
from .reviews import ClinicalReview
from .snippets import GlossaryTerm, Reviewer

__all__ = [
    "Certificate",
    "ClinicalReview",
    "CoursePage",
    "GlossaryTerm",
    "LessonPage",
    "LessonProgress",
    "LessonUpdate",
    "ModulePage",
    "Reviewer",
    "VisitorLessonProgress",
    "counted_lessons",
]
