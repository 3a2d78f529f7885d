from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indicators and reference data"
    # What this app declares to the machinery that gathers every app's (each app names only its own files):
    # its seed data in fixtures/ (manage.py load_seed_data) and its consistency checks (indicators/consistency.py).
    seed_fixtures = ("indicators.yaml",)
    consistency_checks = "consistency.yaml"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_save

        from indicators import models
        from indicators.models.base import refresh_search_text, repair_search_indexes
        from regionapi.core.deletion import protect_references
        from regionapi.core.history.recording import track_history

        # The searchable base model's own upkeep, for every app's models built on it. Connected for every sender:
        # loaddata's raw saves skip Model.save() but still send pre_save.
        pre_save.connect(refresh_search_text, dispatch_uid="indicators.refresh_search_text")
        # A table rebuilt by a migration on SQLite loses its search index's triggers; every migrate puts them back.
        post_migrate.connect(repair_search_indexes, dispatch_uid="indicators.repair_search_indexes")

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
