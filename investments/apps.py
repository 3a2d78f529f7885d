from django.apps import AppConfig


class InvestmentsConfig(AppConfig):
    name = "investments"
    verbose_name = "Investment: zones, projects and geology"

    def ready(self):
        from indicators.history import track_history
        from indicators.selectors import profile_section_register
        from investments import models, selectors

        track_history(
            models.IndustrialZone, models.InvestmentProgramme, models.InvestmentProject, models.ProjectParticipant,
            models.ProjectMilestone, models.Mineral, models.GeologicalDeposit, models.ResourceEstimate,
            m2m={models.GeologicalDeposit: ["minerals", "explorers"]},
        )

        profile_section_register("zones", selectors.zones_profile_get)
        profile_section_register("projects", selectors.projects_profile_get)
        profile_section_register("programmes", selectors.programmes_profile_get)
        profile_section_register("deposits", selectors.deposits_profile_get)
