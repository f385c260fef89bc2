"""Models of the lessons app, one concern per module, re-exported here."""

from .pages import CoursePage, LessonPage, ModulePage
from .snippets import Reviewer

__all__ = ["CoursePage", "LessonPage", "ModulePage", "Reviewer"]
