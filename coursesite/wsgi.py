"""WSGI entry point (gunicorn coursesite.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coursesite.settings.production")

application = get_wsgi_application()
