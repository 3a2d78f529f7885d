"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# A configured shared cache that does not answer stops the server at start-up with one clear message.
from regionapi.core.health import require_configured_cache  # noqa: E402

require_configured_cache()
