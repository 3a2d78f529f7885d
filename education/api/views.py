"""Read endpoints of the education app."""
from rest_framework import viewsets

from education import filtersets, models
from education.api import serializers


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Universities and colleges, with dual training and the specialities they train for (year opened, partners).
    Region-wide counts (universities, colleges, colleges with dual training) are observations."""

    queryset = models.Institution.objects.with_related()
    serializer_class = serializers.InstitutionSerializer
    filterset_class = filtersets.InstitutionFilterSet
    lookup_field = "slug"


class TrainingProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Retraining and upskilling programmes run in the region."""

    queryset = models.TrainingProgramme.objects.select_related("source")
    serializer_class = serializers.TrainingProgrammeSerializer
    filterset_class = filtersets.TrainingProgrammeFilterSet
    lookup_field = "slug"
