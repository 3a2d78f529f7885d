from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "Education: universities, colleges and programmes"

    def ready(self):
        from education import selectors
        from indicators.selectors import profile_section_register

        profile_section_register("institutions", selectors.institutions_profile_get)
