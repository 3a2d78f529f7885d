from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The generic machinery as an app of its own: it owns the one table no domain app does, the data version."""

    name = "regionapi.core"
    label = "regionapi_core"
    verbose_name = "API machinery"

    def ready(self):
        from django.db.backends.signals import connection_created
        from simple_history.signals import pre_create_historical_record

        from regionapi.core.collation import register_sqlite_collations
        from regionapi.core.dataversion import track_writes
        from regionapi.core.history.recording import stamp_channel

        # Every ORM save, delete and many-to-many change of any app bumps the data version (regionapi.core.dataversion).
        track_writes(self)
        # SQLite has no ICU: each connection gets the alphabetical collations PostgreSQL has from a migration.
        connection_created.connect(register_sqlite_collations, dispatch_uid="regionapi.register_sqlite_collations")
        # Every historical row of every app records the channel its change came through (admin, API, import, ...);
        # each app registers its own models for history in its ready() (recording.track_history).
        pre_create_historical_record.connect(stamp_channel, dispatch_uid="regionapi.stamp_channel")
        remember_model_field_info()


def remember_model_field_info() -> None:
    """DRF's ModelSerializer works out a model's fields and relations (`model_meta.get_field_info`) anew for every
    serializer it builds: every response, and every brief serializer of a relation in it. The answer depends only on
    the model's options, fixed once the apps are loaded, and it walked every reverse relation each time (Region and
    Source have dozens): a fifth of a list's time in a profile. It is kept per model instead. DRF has no setting for
    this, so its module function is wrapped, once, here."""
    from functools import cache

    from rest_framework.utils import model_meta

    if not hasattr(model_meta.get_field_info, "cache_info"):
        model_meta.get_field_info = cache(model_meta.get_field_info)
