"""Indicators: the quantities the figures measure, each in a fixed unit."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models.base import PublicKeyQuerySet, SearchableModel
from indicators.models.choices import Direction
from regionapi.core.indexes import updated_at_index


class IndicatorQuerySet(PublicKeyQuerySet):
    def with_related(self):
        """Indicators with unit, source and the total a per-capita indicator is of."""
        return self.select_related("unit", "source", "per_capita_of__unit")


class Indicator(SearchableModel):
    """A measured quantity (industrial output, number of enterprises, R&D spending) in a fixed unit."""

    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    unit = models.ForeignKey("indicators.Unit", on_delete=models.PROTECT, related_name="indicators")
    headline = models.BooleanField(default=False, help_text="Shown in region profiles.")
    additive = models.BooleanField(
        default=False,
        help_text="The regions' figures add up to the republic's: a total counted or summed in absolute units (GRP, "
        "population), never a per-capita figure, rate, share or average. Shares of the total and per-capita figures "
        "are given only for these.",
    )
    source = models.ForeignKey(
        "indicators.Source",
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="The source whose figures first defined this indicator.",
    )
    direction = models.CharField(
        max_length=20,
        choices=Direction.choices,
        default=Direction.NEITHER,
        help_text="Which way is better: ranks count 1 from the better end (1 = lowest unemployment); 'neither' ranks "
        "1 = highest.",
    )
    per_capita_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_per_capita",
        help_text="The total this indicator is the publisher's own per-capita figure of (GRP per capita: of GRP): a "
        "value derived from that total with per=population is given beside this one's.",
    )
    preferred_publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="Whose values are current where several publishers give one figure: a source's publisher, as "
        "written there. Empty: the publisher of the value loaded first. Within a publisher the latest release is "
        "current.",
    )

    natural_key_fields = ("code",)
    search_fields = ("name", "description", "code")
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ("code",)
        indexes = [updated_at_index("indicator")]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values),
                name="indicator_direction_valid",
                violation_error_message=_("Give one of the listed directions."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def ranks_ascending(self) -> bool:
        """Rank 1 is the lowest value (lower is better), else the highest."""
        return self.direction == Direction.LOWER_IS_BETTER

    def per_capita_refusal(self) -> str:
        """Why this indicator's figures cannot be divided by population; empty when they can (only totals can: a
        rate or an average divided by population means nothing)."""
        if self.additive:
            return ""
        return _(
            "%(indicator)s is not a total that adds up over regions (a rate, average or per-capita figure): "
            "dividing it by population means nothing."
        ) % {"indicator": self.code}
