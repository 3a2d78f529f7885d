from django.apps import AppConfig


class InvestmentsConfig(AppConfig):
    name = "investments"
    verbose_name = "Investment: zones, projects and geology"

    def ready(self):
        from indicators.api.serializers import profile_section_serializer_register
        from indicators.history import track_history
        from indicators.selectors import profile_section_register
        from investments import models, selectors
        from investments.api import serializers
        from regionapi.core.deletion import protect_references

        track_history(
            models.IndustrialZone, models.InvestmentProgramme, models.InvestmentProject, models.ProjectParticipant,
            models.ProjectMilestone, models.Mineral, models.GeologicalDeposit, models.ResourceEstimate,
            m2m={models.GeologicalDeposit: ["minerals", "explorers"]},
        )

        for name, builder, serializer in (
            ("zones", selectors.zones_profile_get, serializers.ZonesProfileSerializer),
            ("projects", selectors.projects_profile_get, serializers.ProjectsProfileSerializer),
            ("programmes", selectors.programmes_profile_get, serializers.ProgrammesProfileSerializer),
            ("deposits", selectors.deposits_profile_get, serializers.DepositsProfileSerializer),
        ):
            profile_section_register(name, builder)
            profile_section_serializer_register(name, serializer)

        protect_references(*self.get_models())  # the delete rule, see indicators.apps
