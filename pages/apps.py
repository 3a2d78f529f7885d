from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The region pages: server-rendered HTML over the API's data, with its charts (README, "See it"; docs/analytics.md)."""

    name = "pages"
    label = "pages"
    verbose_name = "Region pages"
