from django.apps import AppConfig


class InvestmentsConfig(AppConfig):
    name = "investments"
    verbose_name = "Investment: zones, projects and geology"
    seed_fixtures = ("investments.yaml",)  # manage.py load_seed_data, after the apps this one builds on
    consistency_checks = "consistency.yaml"  # indicators/consistency.py runs it with every app's

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
