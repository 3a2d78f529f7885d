"""Sections that apps building on indicators add to every region profile (zones, projects, institutions, ...).

Each app declares its sections in its own `profile_sections.py`, which `IndicatorsConfig.ready()` finds with
`autodiscover_modules`: this app never names the apps above it. A section is its builder (the region's figures,
computed by a selector) and the serializer that shapes them, registered together so neither can go missing.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileSection:
    """One section of the region profile: its name, how its figures are built and how they are shaped."""

    name: str
    build: Callable  # (region) -> the section's figures
    serializer: type  # a rest_framework Serializer class


SECTIONS: dict[str, ProfileSection] = {}


def profile_section_register(name: str, *, build: Callable, serializer: type) -> None:
    """Add a section to every region profile; a name registered twice is a mistake, not an override."""
    if name in SECTIONS and SECTIONS[name].build is not build:
        raise ValueError(f"Profile section {name!r} is registered twice.")
    SECTIONS[name] = ProfileSection(name=name, build=build, serializer=serializer)
