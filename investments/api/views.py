"""Read endpoints of the investments app."""
from rest_framework import viewsets

from investments import filtersets, models
from investments.api import examples, serializers
from regionapi.api.schema import documented_example


@documented_example("Saryarka special economic zone", examples.ZONE)
class IndustrialZoneViewSet(viewsets.ReadOnlyModelViewSet):
    """Special economic zones, industrial zones and parks, with participants, investment, output and jobs."""

    queryset = models.IndustrialZone.objects.with_related()
    serializer_class = serializers.IndustrialZoneSerializer
    filterset_class = filtersets.IndustrialZoneFilterSet
    lookup_field = "slug"


class InvestmentProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Sets of projects reported only as totals: the investment pool until 2030, the 2025 programme."""

    queryset = models.InvestmentProgramme.objects.with_related()
    serializer_class = serializers.InvestmentProgrammeSerializer
    filterset_class = filtersets.InvestmentProgrammeFilterSet
    lookup_field = "slug"


@documented_example("150 MW wind power station", examples.PROJECT)
class InvestmentProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Investment projects with status, money (planned and invested, in tenge), capacity, participants and milestones."""

    queryset = models.InvestmentProject.objects.with_related()
    serializer_class = serializers.InvestmentProjectSerializer
    filterset_class = filtersets.InvestmentProjectFilterSet
    lookup_field = "slug"


class MineralViewSet(viewsets.ReadOnlyModelViewSet):
    """Mineral commodities that deposits and prospective sites hold."""

    queryset = models.Mineral.objects.select_related("source")
    serializer_class = serializers.MineralSerializer
    filterset_class = filtersets.MineralFilterSet
    lookup_field = "slug"


class GeologicalDepositViewSet(viewsets.ReadOnlyModelViewSet):
    """Deposits and prospective sites, with minerals, exploring companies and resource estimates."""

    queryset = models.GeologicalDeposit.objects.with_related()
    serializer_class = serializers.GeologicalDepositSerializer
    filterset_class = filtersets.GeologicalDepositFilterSet
    lookup_field = "slug"
