from django.apps import AppConfig


class InvestmentsConfig(AppConfig):
    name = "investments"
    verbose_name = "Investment: zones, projects and geology"

    def ready(self):
        from investments import models
        from regionapi.core.deletion import protect_references
        from regionapi.core.history.recording import track_history

        track_history(
            models.IndustrialZone,
            models.InvestmentProgramme,
            models.InvestmentProject,
            models.ProjectParticipant,
            models.ProjectMilestone,
            models.Mineral,
            models.GeologicalDeposit,
            models.ResourceEstimate,
            m2m={models.GeologicalDeposit: ["minerals", "explorers"]},
        )

        protect_references(*self.get_models())  # the delete rule, see indicators.apps
