"""The vocabularies of a figure (the kind of its period is indicators.periods.Frequency): its status and qualifier, what a growth figure compares
with, which way an indicator is better, the caveats a figure carries and what a value kept beside it is to it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Which way an indicator's figures are better: ranks count 1 from the better end, charts say which."""

    HIGHER_IS_BETTER = "higher-is-better", _("Higher is better")
    LOWER_IS_BETTER = "lower-is-better", _("Lower is better")
    NEITHER = "neither", _("Neither higher nor lower is better")


class FlagKind(models.TextChoices):
    """A caveat a source (or the package's editors) attaches to a figure; several may hold at once. SDMX codes: see
    indicators/flags.py (FLAG_SDMX), the one table every format uses."""

    ESTIMATED = "estimated", _("Estimated")
    PRELIMINARY = "preliminary", _("Preliminary")
    BACK_CALCULATED = "back-calculated", _("Back-calculated")
    BREAK = "break", _("Break in series")
    CONFIDENTIAL = "confidential", _("Confidential, not published")


class FlagAuthority(models.TextChoices):
    """Who says a flag holds."""

    PUBLISHER = "publisher", _("The publisher (a footnote of the source)")
    PACKAGE_EDITORS = "package-editors", _("The data package's editors (their reading, no footnote)")
    DERIVED = "derived", _("regionapi (worked out from the inputs of a derived figure)")


class Qualifier(models.TextChoices):
    """How exactly the source states a figure."""

    EXACT = "exact", _("Exact")
    MORE_THAN = "more-than", _("More than")
    LESS_THAN = "less-than", _("Less than")
    ABOUT = "about", _("About")


class ObservationStatus(models.TextChoices):
    ACTUAL = "actual", _("Actual")
    PRELIMINARY = "preliminary", _("Preliminary")
    PLANNED = "planned", _("Planned")
    TARGET = "target", _("Target")
    FORECAST = "forecast", _("Forecast")


# Statuses that are vintages of one figure: a preliminary figure revised to final is the same figure and keeps its
# key. A plan, target or forecast for a period is a figure of its own, beside what happened in that period.
VINTAGE_STATUSES = frozenset({ObservationStatus.ACTUAL, ObservationStatus.PRELIMINARY})


class ComparisonBase(models.TextChoices):
    """What a growth figure is measured against."""

    SAME_PERIOD_PREVIOUS_YEAR = "same-period-previous-year", _("Same period of the previous year")
    PREVIOUS_YEAR = "previous-year", _("Previous year")
    NOT_STATED = "not-stated", _("Not stated by the source")


class ValueRole(models.TextChoices):
    """What a value kept beside a figure's current one is to it (the rule: indicators.vintages.statement_role)."""

    CURRENT = "current", _("Current value")  # never stored: the figure's own value, as listed beside the others
    SUPERSEDED = "superseded", _("Superseded by a later release")
    CONFIRMATION = "confirmation", _("A further source of the current value")
    ALTERNATIVE = "alternative", _("Another source's different value")
