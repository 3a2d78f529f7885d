"""Read endpoints of the education app."""
from rest_framework import viewsets

from education import filtersets, models
from education.api import serializers
from indicators.selectors import Dimension
from regionapi.api.views import DataViewSetMixin


class InstitutionViewSet(DataViewSetMixin, viewsets.ModelViewSet):
    """Universities and colleges, with dual training and the specialities they train for (year opened, partners).
    Region-wide counts (universities, colleges, colleges with dual training) are observations."""

    queryset = models.Institution.objects.with_related()
    serializer_class = serializers.InstitutionSerializer
    filterset_class = filtersets.InstitutionFilterSet
    lookup_field = "slug"
    geo = True
    summary_dimensions = {
        "kind": Dimension("kind", "University or college.", choices=dict(models.InstitutionKind.choices)),
        "region": Dimension("region__code", "Region.", label_path="region__name"),
        "locality": Dimension("locality__slug", "Locality.", label_path="locality__name"),
        "dual_training": Dimension("dual_training", "Has introduced dual training (null: unknown)."),
        "specialty_opened_year": Dimension("specialties__opened_year", "Year a speciality opened (counted under each)."),
    }


class TrainingProgrammeViewSet(DataViewSetMixin, viewsets.ModelViewSet):
    """Retraining and upskilling programmes run in the region."""

    queryset = models.TrainingProgramme.objects.select_related("source")
    serializer_class = serializers.TrainingProgrammeSerializer
    filterset_class = filtersets.TrainingProgrammeFilterSet
    lookup_field = "slug"
