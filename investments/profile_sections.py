"""The investments app's sections of the region profile (see indicators/profile_sections.py)."""

from indicators.profile_sections import profile_section_register
from investments import selectors
from investments.api import serializers

profile_section_register("zones", build=selectors.zones_profile_get, serializer=serializers.ZonesProfileSerializer)
profile_section_register(
    "projects", build=selectors.projects_profile_get, serializer=serializers.ProjectsProfileSerializer
)
profile_section_register(
    "programmes", build=selectors.programmes_profile_get, serializer=serializers.ProgrammesProfileSerializer
)
profile_section_register(
    "deposits", build=selectors.deposits_profile_get, serializer=serializers.DepositsProfileSerializer
)
