from django.urls import path

import coursesite.converters  # noqa: F401  (registers the id and code converters)

from .views import glossary, learner

urlpatterns = [
    path("dashboard/certificates/<code:code>/", learner.certificate_detail, name="certificate_detail"),
    path("certificates/<code:code>/", learner.certificate_verify, name="certificate_verify"),
    path("glossary/", glossary.glossary, name="glossary"),
    path("progress/lessons/<id:lesson_id>/complete/", learner.complete_lesson, name="lesson_complete"),
]
