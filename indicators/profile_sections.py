"""Sections that apps building on indicators add to every region profile (zones, projects, institutions, ...).

Each app declares its sections in its own `profile_sections.py`, which `IndicatorsConfig.ready()` finds with
`autodiscover_modules`: this app never names the apps above it. A section is its builder (the region's figures,
computed by a selector) and the serializer that shapes them, registered together so neither can go missing.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileSection:
    name: str
    build: Callable  # (region) -> the section's figures
    serializer: type  # a rest_framework Serializer class


SECTIONS: dict[str, ProfileSection] = {}


def profile_section_register(name: str, *, build: Callable, serializer: type) -> None:
    """Add a section to every region profile."""
    SECTIONS[name] = ProfileSection(name=name, build=build, serializer=serializer)
