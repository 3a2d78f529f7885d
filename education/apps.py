from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "Education: universities, colleges and programmes"
    seed_fixtures = ("education.yaml",)  # manage.py load_seed_data, after the apps this one builds on

    def ready(self):
        from education import models
        from regionapi.core.deletion import protect_references
        from regionapi.core.history.recording import track_history

        track_history(
            models.Institution,
            models.Specialty,
            models.TrainingProgramme,
            m2m={models.Specialty: ["partner_enterprises"]},
        )

        protect_references(*self.get_models())  # the delete rule, see indicators.apps
