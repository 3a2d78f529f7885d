"""Read endpoints of the indicators app. Views declare; querysets and filtersets do the work."""
from rest_framework import viewsets

from indicators import filtersets, models
from indicators.api import examples, serializers
from regionapi.api.schema import documented_example


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Publications that the data comes from. Every fact record links to one and quotes its sentence."""

    queryset = models.Source.objects.all()
    serializer_class = serializers.SourceSerializer
    filterset_class = filtersets.SourceFilterSet
    lookup_field = "slug"


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units of measure used by indicators, areas, capacities and resource estimates."""

    queryset = models.Unit.objects.all()
    serializer_class = serializers.UnitSerializer
    filterset_class = filtersets.UnitFilterSet
    lookup_field = "code"


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Kazakhstan's 17 regions and 3 cities of republican significance (ISO 3166-2:KZ), with their 2022 splits."""

    queryset = models.Region.objects.with_related()
    serializer_class = serializers.RegionSerializer
    filterset_class = filtersets.RegionFilterSet
    lookup_field = "code"


class LocalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Cities, towns and districts that the data names."""

    queryset = models.Locality.objects.with_related()
    serializer_class = serializers.LocalitySerializer
    filterset_class = filtersets.LocalityFilterSet
    lookup_field = "slug"


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    """Economic activities: OKED sections and divisions (identical to NACE Rev. 2 at these levels)."""

    queryset = models.Sector.objects.with_related()
    serializer_class = serializers.SectorSerializer
    filterset_class = filtersets.SectorFilterSet
    lookup_field = "code"


class EnterpriseRoleViewSet(viewsets.ReadOnlyModelViewSet):
    """Roles that enterprises and organisations play: producer, investor, explorer, development institution, ..."""

    queryset = models.EnterpriseRole.objects.all()
    serializer_class = serializers.EnterpriseRoleSerializer
    filterset_class = filtersets.EnterpriseRoleFilterSet
    lookup_field = "code"


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    """Companies and organisations named by the sources, with roles, country, size class, sector and locality."""

    queryset = models.Enterprise.objects.with_related()
    serializer_class = serializers.EnterpriseSerializer
    filterset_class = filtersets.EnterpriseFilterSet
    lookup_field = "slug"


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """Products and product groups that figures are broken down by."""

    queryset = models.Product.objects.select_related("sector")
    serializer_class = serializers.ProductSerializer
    filterset_class = filtersets.ProductFilterSet
    lookup_field = "slug"


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Measured quantities, each in one unit. Their figures are under /observations/?indicator=CODE."""

    queryset = models.Indicator.objects.with_related()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filtersets.IndicatorFilterSet
    lookup_field = "code"


@documented_example("Industrial output of Karaganda region in 2024", examples.OBSERVATION)
class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    """Every figure the sources report: one indicator, region, optional breakdown and period, with status,
    qualifier, source and verbatim quote. Pull one series with
    `?indicator=industrial-output&region=KZ-35&breakdown=false&ordering=period_start`."""

    queryset = models.Observation.objects.with_related()
    serializer_class = serializers.ObservationSerializer
    filterset_class = filtersets.ObservationFilterSet
    lookup_field = "code"
