"""The education app's resources: declarations over the shared base ViewSet (regionapi.core.viewsets)."""

from education import filtersets, models
from education.api import serializers
from regionapi.core.grouping import Dimension
from regionapi.core.viewsets import DataViewSet

INSTITUTION_DIMENSIONS = {
    "kind": Dimension("kind", "University or college.", choices=dict(models.InstitutionKind.choices)),
    "region": Dimension("region__code", "Region.", label_path="region__name"),
    "locality": Dimension("locality__slug", "Locality.", label_path="locality__name"),
    "dual_training": Dimension("dual_training", "Has introduced dual training (null: unknown)."),
    "specialty_opened_year": Dimension("specialties__opened_year", "Year a speciality opened (counted under each)."),
}


class InstitutionViewSet(DataViewSet):
    """Universities and colleges, with dual training and the specialities they train for (year opened, partners).
    Region-wide counts (universities, colleges, colleges with dual training) are observations."""

    queryset = models.Institution.objects.with_related()
    serializer_class = serializers.InstitutionSerializer
    filterset_class = filtersets.InstitutionFilterSet
    geo = True
    summary_dimensions = INSTITUTION_DIMENSIONS


class TrainingProgrammeViewSet(DataViewSet):
    """Retraining and upskilling programmes run in the region."""

    queryset = models.TrainingProgramme.objects.select_related("source")
    serializer_class = serializers.TrainingProgrammeSerializer
    filterset_class = filtersets.TrainingProgrammeFilterSet
