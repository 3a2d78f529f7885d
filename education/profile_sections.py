"""The education app's section of the region profile (see indicators/profile_sections.py)."""

from education import selectors
from education.api import serializers
from indicators.profile_sections import profile_section_register

profile_section_register(
    "institutions", build=selectors.institutions_profile_get, serializer=serializers.InstitutionsProfileSerializer
)
