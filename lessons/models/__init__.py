"""Models of the lessons app, one concern per module, re-exported here."""

from .pages import CoursePage, LessonPage, ModulePage
from .progress import Certificate, LessonProgress
from .snippets import Reviewer

__all__ = ["Certificate", "CoursePage", "LessonPage", "LessonProgress", "ModulePage", "Reviewer"]
