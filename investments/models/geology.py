"""Minerals, deposits and prospective sites, and their resource estimates."""

from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from indicators.models import GeoPointModel, PublicKeyQuerySet, Qualifier, SearchableModel, SourcedModel
from regionapi.core.indexes import column_indexes, name_order_indexes, point_index, updated_at_index


class MineralGroup(models.TextChoices):
    RARE_EARTH = "rare-earth-metal", _("Rare-earth metal")


class Mineral(SourcedModel, SearchableModel):
    """A mineral commodity that deposits hold (cerium, gold, copper, ...)."""

    Group = MineralGroup

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    group = models.CharField(
        max_length=30, choices=Group.choices, blank=True, help_text="Only where a source states it."
    )

    class Meta:
        ordering = ("slug",)
        indexes = [updated_at_index("mineral")]

    def __str__(self):
        return self.name


class DepositQuerySet(PublicKeyQuerySet):
    def with_related(self):
        """Deposits with region, locality and source; minerals, explorers and estimates prefetched."""
        return self.select_related("region", "locality", "source").prefetch_related(
            "minerals",
            "explorers",
            Prefetch("estimates", queryset=ResourceEstimate.objects.select_related("unit", "source")),
        )


class DepositKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    PROSPECTIVE_SITE = "prospective-site", _("Prospective site")


class ExplorationStatus(models.TextChoices):
    IN_PROGRESS = "in-progress", _("Exploration in progress")
    COMPLETED = "completed", _("Exploration completed")
    IDENTIFIED = "identified", _("Identified as promising")


class GeologicalDeposit(GeoPointModel, SourcedModel, SearchableModel):
    """A deposit or a prospective site under exploration; unnamed sites are described as their source describes them."""

    Kind = DepositKind
    ExplorationStatus = ExplorationStatus

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    exploration_status = models.CharField(max_length=20, choices=ExplorationStatus.choices)
    region = models.ForeignKey("indicators.Region", on_delete=models.PROTECT, related_name="deposits")
    locality = models.ForeignKey(
        "indicators.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="deposits"
    )
    minerals = models.ManyToManyField(Mineral, blank=True, related_name="deposits")
    explorers = models.ManyToManyField("indicators.Enterprise", blank=True, related_name="explored_deposits")

    search_fields = ("name", "description")
    objects = DepositQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        indexes = [
            *name_order_indexes("deposit"),
            point_index("deposit"),
            *column_indexes("deposit", "kind", "exploration_status"),
            updated_at_index("deposit"),
        ]
        constraints = [
            *GeoPointModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=DepositKind.values),
                name="deposit_kind_valid",
                violation_error_message=_("Give one of the listed kinds of deposit."),
            ),
            models.CheckConstraint(
                condition=Q(exploration_status__in=ExplorationStatus.values),
                name="deposit_exploration_status_valid",
                violation_error_message=_("Give one of the listed exploration statuses."),
            ),
        ]

    def __str__(self):
        return self.name


class ResourceCategory(models.TextChoices):
    FORECAST = "forecast", _("Forecast resources")
    EXPLORED = "explored", _("Explored reserves")


class ResourceEstimate(SourcedModel, SearchableModel):
    """An estimate of the resources of a deposit, by category (forecast, explored) with amount and unit."""

    Category = ResourceCategory

    deposit = models.ForeignKey(GeologicalDeposit, on_delete=models.CASCADE, related_name="estimates")
    key = models.SlugField(max_length=60, help_text="Identifies the estimate within its deposit.")
    name = models.CharField(
        max_length=200, help_text="What is estimated, in the source's words (e.g. rare-earth metals)."
    )
    category = models.CharField(max_length=10, choices=Category.choices)
    amount = models.DecimalField(max_digits=20, decimal_places=3)
    unit = models.ForeignKey("indicators.Unit", on_delete=models.PROTECT, related_name="+")
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)

    natural_key_fields = ("deposit__slug", "key")

    class Meta:
        ordering = ("deposit", "key")
        # resource_category=: the deposits with an estimate in a category, read from the index alone
        indexes = [models.Index(fields=["category", "deposit"], name="estimate_category_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=("deposit", "key"),
                name="estimate_key_unique_per_deposit",
                violation_error_message=_("This deposit already has an estimate with this key."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="estimate_amount_non_negative",
                violation_error_message=_("An estimated amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(category__in=ResourceCategory.values),
                name="estimate_category_valid",
                violation_error_message=_("Give one of the listed resource categories."),
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=Qualifier.values),
                name="estimate_qualifier_valid",
                violation_error_message=_("Give one of the listed qualifiers."),
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.amount} {self.unit}"
