from django.urls import path
from django.utils.translation import gettext_lazy as _

import coursesite.converters  # noqa: F401  (registers the id and code converters)

from .views import glossary, learner

urlpatterns = [
    path(_("dashboard/certificates/<code:code>/"), learner.certificate_detail, name="certificate_detail"),
    path(_("certificates/<code:code>/"), learner.certificate_verify, name="certificate_verify"),
    path(_("glossary/"), glossary.glossary, name="glossary"),
    path("progress/lessons/<id:lesson_id>/complete/", learner.complete_lesson, name="lesson_complete"),
]
