from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indicators and reference data"

    def ready(self):
        from django.db.models.signals import pre_save

        from indicators.models.base import refresh_search_text

        # Connected for every sender: loaddata's raw saves skip Model.save() but still send pre_save.
        pre_save.connect(refresh_search_text, dispatch_uid="indicators.refresh_search_text")
