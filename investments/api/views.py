"""The investments app's resources: declarations over the shared base ViewSet (regionapi.core.viewsets)."""

from indicators.api.consistency import consistency_warnings
from investments import filtersets, models
from investments.api import examples, serializers
from regionapi.core.grouping import Dimension
from regionapi.core.schema import documented_example
from regionapi.core.viewsets import DataViewSet

REGION = Dimension("region__code", "Region.", label_path="region__name")
LOCALITY = Dimension("locality__slug", "Locality.", label_path="locality__name")


ZONE_DIMENSIONS = {
    "kind": Dimension("kind", "Kind of zone.", choices=dict(models.ZoneKind.choices)),
    "status": Dimension("status", "Status.", choices=dict(models.ZoneStatus.choices)),
    "region": REGION,
    "locality": LOCALITY,
    "operator": Dimension("operator__slug", "Management company.", label_path="operator__name"),
    "completion_year": Dimension("completion_year", "Year construction is (to be) completed."),
}

PROJECT_DIMENSIONS = {
    "status": Dimension("status", "Lifecycle status.", choices=dict(models.ProjectStatus.choices)),
    "sector": Dimension("sector__code", "Sector (OKED code).", label_path="sector__name"),
    "zone": Dimension("zone__slug", "Zone.", label_path="zone__name"),
    "locality": LOCALITY,
    "region": REGION,
    "programme": Dimension("programme__slug", "Programme.", label_path="programme__name"),
    "target_year": Dimension("target_year", "Year of completion the source expects."),
    "participant": Dimension(
        "participants__enterprise__slug",
        "Participating enterprise (counted under each).",
        label_path="participants__enterprise__name",
    ),
    "investor_country": Dimension("participants__enterprise__country", "Country of a participating enterprise."),
}

DEPOSIT_DIMENSIONS = {
    "mineral": Dimension(
        "minerals__slug", "Mineral (a deposit counts under each of its minerals).", label_path="minerals__name"
    ),
    "kind": Dimension("kind", "Deposit or prospective site.", choices=dict(models.DepositKind.choices)),
    "exploration_status": Dimension(
        "exploration_status", "Stage of exploration.", choices=dict(models.ExplorationStatus.choices)
    ),
    "region": REGION,
    "locality": LOCALITY,
    "explorer": Dimension("explorers__slug", "Exploring company.", label_path="explorers__name"),
    "explorer_country": Dimension("explorers__country", "Country of an exploring company."),
}


@documented_example("Saryarka special economic zone", examples.ZONE)
class IndustrialZoneViewSet(DataViewSet):
    """Special economic zones, industrial zones and parks, with participants, investment, output and jobs."""

    write_warnings = consistency_warnings("zones")
    queryset = models.IndustrialZone.objects.with_related()
    serializer_class = serializers.IndustrialZoneSerializer
    filterset_class = filtersets.IndustrialZoneFilterSet
    geo = True
    summary_dimensions = ZONE_DIMENSIONS
    summary_measures = ("participants", "investment_kzt", "output_kzt", "permanent_jobs")


class InvestmentProgrammeViewSet(DataViewSet):
    """Sets of projects reported only as totals: the investment pool until 2030, the 2025 programme."""

    queryset = models.InvestmentProgramme.objects.with_related()
    serializer_class = serializers.InvestmentProgrammeSerializer
    filterset_class = filtersets.InvestmentProgrammeFilterSet


@documented_example("150 MW wind power station", examples.PROJECT)
class InvestmentProjectViewSet(DataViewSet):
    """Investment projects with status, money (planned and invested, in tenge), capacity, participants and milestones."""

    queryset = models.InvestmentProject.objects.with_related()
    serializer_class = serializers.InvestmentProjectSerializer
    filterset_class = filtersets.InvestmentProjectFilterSet
    geo = True
    summary_dimensions = PROJECT_DIMENSIONS
    summary_measures = ("planned_investment_kzt", "invested_kzt", "jobs")


class MineralViewSet(DataViewSet):
    """Mineral commodities that deposits and prospective sites hold."""

    queryset = models.Mineral.objects.select_related("source")
    serializer_class = serializers.MineralSerializer
    filterset_class = filtersets.MineralFilterSet


class GeologicalDepositViewSet(DataViewSet):
    """Deposits and prospective sites, with minerals, exploring companies and resource estimates."""

    queryset = models.GeologicalDeposit.objects.with_related()
    serializer_class = serializers.GeologicalDepositSerializer
    filterset_class = filtersets.GeologicalDepositFilterSet
    geo = True
    summary_dimensions = DEPOSIT_DIMENSIONS
