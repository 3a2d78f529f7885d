"""GET /api/v1/indicators/checks/: the consistency report of indicators/consistency.py, with links to every figure."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from indicators import consistency
from indicators.api import examples

CASES = ("failing", "all")
STATUSES = (consistency.PASS, consistency.FAIL, consistency.WARN, consistency.NOT_APPLICABLE)


class FigureSerializer(serializers.Serializer):
    resource = serializers.CharField(help_text="The resource the figure belongs to (observations, zones).")
    key = serializers.CharField(help_text="The record's public key.")
    field = serializers.CharField(help_text="The record's field that holds the figure.")
    value = serializers.DecimalField(max_digits=28, decimal_places=4, allow_null=True)
    region = serializers.CharField(allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, figure) -> str | None:
        route = consistency.detail_routes().get(figure.resource)
        return reverse(route, args=[figure.key], request=self.context.get("request")) if route else None


class CaseSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    expected = serializers.DecimalField(max_digits=28, decimal_places=4, allow_null=True)
    found = serializers.DecimalField(max_digits=28, decimal_places=4, allow_null=True)
    tolerance = serializers.DecimalField(
        max_digits=28, decimal_places=4, allow_null=True, help_text="How far `found` may be from `expected`."
    )
    note = serializers.CharField()
    figures = FigureSerializer(many=True)


class CheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField(help_text="The kind of check (indicators/consistency.yaml lists them).")
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=STATUSES, help_text="pass, fail, warn (flag only) or not-applicable.")
    cases_checked = serializers.IntegerField(
        help_text="How many cases (a total and its parts, a figure) the check judged."
    )
    cases_failed = serializers.IntegerField(help_text="How many of them failed (or were flagged).")
    cases = serializers.SerializerMethodField()

    def get_cases(self, result) -> list[dict]:
        cases = result.cases if self.context.get("cases") == "all" else result.failures
        return CaseSerializer(cases, many=True, context=self.context).data


@extend_schema(
    summary="Consistency checks of the data",
    parameters=[
        OpenApiParameter("status", str, enum=STATUSES, description="Only checks with this status."),
        OpenApiParameter(
            "cases", str, enum=CASES, description="`failing` (default): the failing cases of each check; `all`."
        ),
    ],
    responses=CheckSerializer(many=True),
    examples=[
        OpenApiExample(
            "A check that passes, and a flagged jump", value=examples.CHECKS, response_only=True, status_codes=["200"]
        )
    ],
)
class ConsistencyView(APIView):
    """Every consistency check the apps declare (indicators/consistency.yaml and each app's own), run on the data as it
    is now: parts that must add up to their total (size classes, men and women, regions and the republic), parts not
    greater than their whole, rates within 0-100, and yearly jumps far beyond a series' usual changes (flagged, not
    failed). Each check has its status, how many cases it judged, and its failing cases (`cases=all`: every case)
    with the figures involved, linked, what was expected and found, and the tolerance (half a unit of the last
    reported digit of each figure of a sum: sources round)."""

    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "head", "options"]

    def get(self, request, format=None):
        status = request.query_params.get("status")
        cases = request.query_params.get("cases", "failing")
        errors = {}
        if status is not None and status not in STATUSES:
            errors["status"] = [f"Choose one of {', '.join(STATUSES)}."]
        if cases not in CASES:
            errors["cases"] = [f"Choose one of {', '.join(CASES)}."]
        if errors:
            raise ValidationError(errors)
        results = [result for result in consistency.run_checks() if status is None or result.status == status]
        return Response(CheckSerializer(results, many=True, context={"request": request, "cases": cases}).data)


def consistency_warnings(resource: str):
    """A ViewSet's `write_warnings` for a resource whose figures the consistency checks judge: a write answers,
    beside the record, `warnings` naming each check the record now breaks (the write itself is not refused:
    sources can disagree)."""

    def warnings(record) -> list[str]:
        return consistency.warnings_for(resource, getattr(record, type(record).natural_key_fields[0]))

    return staticmethod(warnings)
