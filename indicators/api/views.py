"""The indicators app's resources: declarations over the shared base ViewSet (regionapi.core.viewsets). Every
resource is readable by anyone and writable with a token that holds the model's permission; querysets,
filtersets and selectors do the work."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView

from indicators import filtersets, models, selectors
from indicators.api import examples, serializers
from indicators.api.consistency import consistency_warnings
from indicators.datapackage import ZIP_FILENAME, datapackage_zip_write
from indicators.vintages import PARAMETER as VINTAGE
from indicators.vintages import VINTAGE_HELP
from regionapi.core.analytics import analytic_action
from regionapi.core.download import Package, package_response
from regionapi.core.grouping import Dimension
from regionapi.core.schema import documented_example
from regionapi.core.viewsets import DataViewSet

# `vintage=` on every answer made of figures: read by VintageMiddleware, documented here.
VINTAGE_PARAMETERS = [OpenApiParameter(VINTAGE, str, description=VINTAGE_HELP)]

ENTERPRISE_DIMENSIONS = {
    "role": Dimension(
        "roles__code", "Role (an enterprise with several roles counts in each).", label_path="roles__name"
    ),
    "country": Dimension("country", "Country (ISO 3166-1 alpha-2)."),
    "size_class": Dimension("size_class", "Size class.", choices=dict(models.SizeClass.choices)),
    "sector": Dimension("sector__code", "Sector (OKED code).", label_path="sector__name"),
    "region": Dimension("region__code", "Region.", label_path="region__name"),
    "locality": Dimension("locality__slug", "Locality.", label_path="locality__name"),
}


class SourceViewSet(DataViewSet):
    """Publications that the data comes from. Every fact record links to one and quotes its sentence."""

    queryset = models.Source.objects.all()
    serializer_class = serializers.SourceSerializer
    filterset_class = filtersets.SourceFilterSet


class UnitViewSet(DataViewSet):
    """Units of measure used by indicators, areas, capacities and resource estimates."""

    queryset = models.Unit.objects.all()
    serializer_class = serializers.UnitSerializer
    filterset_class = filtersets.UnitFilterSet


class RegionViewSet(DataViewSet):
    """Kazakhstan's 17 regions and 3 cities of republican significance (ISO 3166-2:KZ), with their 2022 splits."""

    queryset = models.Region.objects.with_related()
    serializer_class = serializers.RegionSerializer
    filterset_class = filtersets.RegionFilterSet
    analytic_parameters = (VINTAGE,)  # a profile's figures as known on a day

    @analytic_action(
        detail=True,
        response=serializers.RegionProfileSerializer,
        summary="Profile of one region",
        parameters=VINTAGE_PARAMETERS,
    )
    def profile(self, request, params, *args, **kwargs):
        """One call for a region. First the **reported figures** (`headline`): the latest value of each headline
        indicator as its source states it (industrial output and its growth, enterprises by size class, share of
        industry, innovation output, R&D spending, universities and colleges), each with its period, source and quote,
        and `ranks`: the region's rank among the regions on each headline total that other regions report for the
        same period (`format=svg` draws them). Then the region's territory changes. Last, `records`: counts and totals of the **records held in this
        database** about the region (zones, projects, programmes, deposits, institutions): what the sources name one
        by one, not official statistics. A region's 52 colleges are a reported figure in `headline`;
        `records.institutions.records` counts the colleges this database describes individually."""
        return selectors.region_profile_get(region=self.get_object())


class LocalityViewSet(DataViewSet):
    """Cities, towns and districts that the data names, with their point (from the gazetteer named in
    `coordinates_source`)."""

    queryset = models.Locality.objects.with_related()
    serializer_class = serializers.LocalitySerializer
    filterset_class = filtersets.LocalityFilterSet
    geo = True


class SectorViewSet(DataViewSet):
    """Economic activities: OKED sections and divisions (identical to NACE Rev. 2 at these levels)."""

    queryset = models.Sector.objects.with_related()
    serializer_class = serializers.SectorSerializer
    filterset_class = filtersets.SectorFilterSet


class EnterpriseRoleViewSet(DataViewSet):
    """Roles that enterprises and organisations play: producer, investor, explorer, development institution, ..."""

    queryset = models.EnterpriseRole.objects.all()
    serializer_class = serializers.EnterpriseRoleSerializer
    filterset_class = filtersets.EnterpriseRoleFilterSet


class EnterpriseViewSet(DataViewSet):
    """Companies and organisations named by the sources, with roles, country, size class, sector and locality."""

    queryset = models.Enterprise.objects.with_related()
    serializer_class = serializers.EnterpriseSerializer
    filterset_class = filtersets.EnterpriseFilterSet
    summary_dimensions = ENTERPRISE_DIMENSIONS


class ProductViewSet(DataViewSet):
    """Products and product groups that figures are broken down by."""

    queryset = models.Product.objects.select_related("sector")
    serializer_class = serializers.ProductSerializer
    filterset_class = filtersets.ProductFilterSet


# The analytic actions of an indicator, declared here so that its ViewSet stays a list of declarations.
COVERAGE_ACTION = {
    "parameters": VINTAGE_PARAMETERS,
    "detail": True,
    "response": serializers.IndicatorCoverageSerializer,
    "summary": "What an indicator's figures cover, per kind of period",
}
SERIES_ACTION = {
    "parameters": VINTAGE_PARAMETERS,
    "detail": True,
    "query": serializers.SeriesQuerySerializer,
    "response": serializers.SeriesSerializer,
    "file_name_parameters": ("region",),
    "summary": "Time series of one indicator",
}
COMPARE_ACTION = {
    "parameters": VINTAGE_PARAMETERS,
    "detail": True,
    "query": serializers.CompareQuerySerializer,
    "response": serializers.CompareSerializer,
    "file_name_parameters": ("period", "per"),
    "summary": "Regions compared for a period: ranks, shares, changes",
    "examples": [
        OpenApiExample("GRP of 2022", value=examples.COMPARE, response_only=True, status_codes=["200"]),
        OpenApiExample(
            "GRP of 2022 per capita", value=examples.COMPARE_PER_CAPITA, response_only=True, status_codes=["200"]
        ),
    ],
}


class IndicatorViewSet(DataViewSet):
    """Measured quantities, each in one unit. Their figures are under /observations/?indicator=CODE, as a series
    with changes under /indicators/CODE/series/?region=KZ-35, and every region's for one period, ranked, under
    /indicators/CODE/compare/?period=2022."""

    queryset = models.Indicator.objects.with_related()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filtersets.IndicatorFilterSet
    analytic_parameters = (VINTAGE,)  # a series, a comparison, a coverage as known on a day

    @analytic_action(**SERIES_ACTION)
    def series(self, request, params, *args, **kwargs):
        """The observations of one indicator for one region (and optional breakdown; without one, totals only) in
        period order. Each point keeps its qualifier, status, source and quote, and carries its change against the
        latest earlier point of a comparable period (same calendar span, e.g. January-July against January-July):
        absolute and percent, flagged approximate when either figure is 'more than' or 'about'. No change is computed
        between different spans (7 months against 12), for figures without a complete period, or across a change of
        the region's territory (Karaganda region lost Ulytau in 2022): `change_note` says why. `mrv=N` keeps the N
        most recent values. `per=population` adds to each point its value per capita (`derived_value`: the figure
        divided by its year's average population, with the formula, unit and input figures), never stored. `format=csv`
        gives one row per point; `format=svg` draws the series as a line (its most frequent kind of period; the
        figures on borders changed later as a line of their own, the border change marked)."""
        try:
            return selectors.indicator_series_get(indicator=self.get_object(), **params)
        except selectors.NoFigures as missing:
            raise ValidationError({missing.parameter: missing.messages}) from missing

    @analytic_action(**COVERAGE_ACTION)
    def coverage(self, request, params, *args, **kwargs):
        """Per kind of period (annual, quarterly, year-to-date, point...): the first and last periods with figures, in
        the syntax `period=` reads, how many periods and figures, and the regions covered. What to ask `series/`
        and `compare/` for before asking."""
        indicator = self.get_object()
        return {"indicator": indicator, "coverage": selectors.indicator_coverage_get(indicator=indicator)}

    @analytic_action(**COMPARE_ACTION)
    def compare(self, request, params, *args, **kwargs):
        """Every region's figure for one period (`period=2022`), ranked: `rank` 1 is the highest and equal values
        share a rank. Regions without a figure are listed with null values, after the others; former regions only for
        periods they existed in. `share_of_total` is the figure's share of the republic's (region KZ, in `total`) for
        indicators whose regions add up to it (`additive`: GRP, population). `change` compares with the region's
        latest earlier figure over the same calendar span, by the rules of the series (never across the 2022 border
        change: `change_note` says why), and `territory` says where the figure's borders differ from today's.

        `per=population` compares per-capita values instead, computed on request (never stored): the figure divided
        by the average population of its year, with `derived: true`, the `formula`, the `unit` (GRP in million
        tenge gives thousand tenge per person, the unit of the published GRP per capita) and each value's `inputs`;
        a value whose population is missing is null, and `note` says which. Ranks of reported figures come from the
        database (a window function); ranks of derived values are computed over the listed regions. `format=csv`
        gives one row per region, with the same columns whatever the query; `format=svg` draws the regions as bars
        sorted from the highest, `highlight=KZ-35` standing out."""
        try:
            return selectors.indicator_compare_get(indicator=self.get_object(), **params)
        except selectors.NoFigures as missing:
            raise ValidationError({missing.parameter: missing.messages}) from missing


@documented_example("Industrial output of Karaganda region in 2024", examples.OBSERVATION)
class ObservationViewSet(DataViewSet):
    """Every figure the sources report: one indicator, region, optional breakdown and period, with status,
    qualifier, source and verbatim quote. Pull one series with
    `?indicator=industrial-output&region=KZ-35&breakdown=false&ordering=period_start`.

    A figure's key is indicator--region--breakdown--period (`industrial-output--kz-35--2024`), with `planned`,
    `target` or `forecast` last for such figures; it stays when a preliminary figure is revised. A key a figure had
    before answers a read with a 301 to its URL now, a write with a 404 naming the key now."""

    write_warnings = consistency_warnings("observations")
    queryset = models.Observation.objects.with_related()
    serializer_class = serializers.ObservationSerializer
    filterset_class = filtersets.ObservationFilterSet

    def get_object(self):
        """The figure under its key; under a key it had before (an alias), the answer that sends the client on."""
        try:
            return super().get_object()
        except Http404:
            key = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
            figure = models.Observation.objects.formerly(key).only("code").first()
            if figure is None:
                raise
            raise self.moved_to(figure.code) from None


class ZipRenderer(BaseRenderer):
    """application/zip, so that a client asking for exactly that is answered; an error is still JSON text."""

    media_type = "application/zip"
    format = "zip"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else JSONRenderer().render(data)


# The data package as a file of the bulk download (/api/v1/download/datapackage.zip) and at /api/v1/datapackage/:
# one file on disk per data version, written by whichever address is asked first after a change.
DATAPACKAGE = Package(
    "datapackage.zip",
    "application/zip",
    write=datapackage_zip_write,
    description=f"Every indicator and observation with their sources ({ZIP_FILENAME} of /api/v1/datapackage/).",
)


class DataPackageView(APIView):
    """Every indicator and observation, with their sources, as one Frictionless tabular data package (a zip):
    `sources.csv`, `indicators.csv` and one table of figures per source, in the long format that
    `manage.py import_datapackage` reads (`region_iso, indicator, period_start, period_end, value, unit`, then the
    figure's code, breakdown, qualifier, status, comparison base, notes in every language, quote). Importing it
    into a database with the same regions, units, enterprises and products gives the same figures. A text that a
    spreadsheet would run as a formula is written with a leading `'`, as every table declares
    (`regionapi:formula_escape`); the importer takes it off again. The file is made once per data version (the
    same as `/api/v1/download/datapackage.zip`) and carries `Link: <...>; rel="changes"`, the change feed after it."""

    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer, ZipRenderer]
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        summary="Download every figure as a Frictionless data package",
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
    )
    def get(self, request, format=None):
        return package_response(DATAPACKAGE, request, filename=ZIP_FILENAME)
