"""Reads that combine education records: the education section of a region profile."""

from education.models import Institution
from indicators.models import Region
from regionapi.core.grouping import group_counts


def institutions_profile_get(region: Region) -> dict:
    """Universities and colleges of a region recorded individually (region-wide counts are observations)."""
    institutions = Institution.objects.filter(region=region)
    return {
        "records": institutions.count(),
        "records_by_kind": group_counts(institutions, "kind"),
        "records_with_dual_training": institutions.filter(dual_training=True).count(),
        "sources": sorted(set(institutions.values_list("source__slug", flat=True))),
    }
