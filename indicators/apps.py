from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indicators and reference data"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_save

        from indicators.models.base import refresh_search_text, repair_search_indexes
        from regionapi.core.collation import register_sqlite_collations
        from regionapi.core.deletion import protect_references

        # SQLite has no ICU: each connection gets the alphabetical collations PostgreSQL has from migration 0009_collations.
        connection_created.connect(register_sqlite_collations, dispatch_uid="regionapi.register_sqlite_collations")

        # Connected for every sender: loaddata's raw saves skip Model.save() but still send pre_save.
        pre_save.connect(refresh_search_text, dispatch_uid="indicators.refresh_search_text")
        # A table rebuilt by a migration on SQLite loses its search index's triggers; every migrate puts them back.
        post_migrate.connect(repair_search_indexes, dispatch_uid="indicators.repair_search_indexes")

        from simple_history.signals import pre_create_historical_record

        from indicators import models
        from indicators.history import stamp_channel, track_history

        pre_create_historical_record.connect(stamp_channel, dispatch_uid="indicators.stamp_channel")
        track_history(
            models.Source,
            models.Unit,
            models.Region,
            models.Locality,
            models.Sector,
            models.EnterpriseRole,
            models.Enterprise,
            models.Product,
            models.Indicator,
            models.Observation,
            models.ObservationFlag,
            models.ObservationValue,
            m2m={models.Enterprise: ["roles"]},
        )

        # Apps building on this one plug in their import resources and region profile sections; this app never
        # names them.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("resources", "profile_sections")

        # The delete rule (regionapi.core.deletion): a record others still refer to is not deleted, however the
        # delete comes (admin, API, importers, a QuerySet).
        protect_references(*self.get_models())
