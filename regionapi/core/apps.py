from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The generic machinery as an app of its own: it owns the one table no domain app does, the data version."""

    name = "regionapi.core"
    label = "regionapi_core"
    verbose_name = "API machinery"

    def ready(self):
        from regionapi.core.dataversion import track_writes

        # Every ORM save, delete and many-to-many change of any app bumps the data version (regionapi.core.dataversion).
        track_writes(self)
