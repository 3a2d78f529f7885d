from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "Education: universities, colleges and programmes"

    def ready(self):
        from education import models, selectors
        from education.api.serializers import InstitutionsProfileSerializer
        from indicators.api.serializers import profile_section_serializer_register
        from indicators.history import track_history
        from indicators.selectors import profile_section_register
        from regionapi.core.deletion import protect_references

        track_history(models.Institution, models.Specialty, models.TrainingProgramme, m2m={models.Specialty: ["partner_enterprises"]})

        profile_section_register("institutions", selectors.institutions_profile_get)
        profile_section_serializer_register("institutions", InstitutionsProfileSerializer)

        protect_references(*self.get_models())  # the delete rule, see indicators.apps
