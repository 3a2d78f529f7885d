"""The project's configuration, on top of every app: settings, root URLs, the API root and schema views, and the
WSGI/ASGI/gunicorn entry points (as cookiecutter-django lays it out). Nothing imports it but Django and the servers."""
