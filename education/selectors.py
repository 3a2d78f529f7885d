"""Reads that combine education records: the education section of a region profile."""
from django.db.models import Count

from education.models import Institution
from indicators.models import Region


def institutions_profile_get(region: Region) -> dict:
    """Universities and colleges of a region recorded individually (region-wide counts are observations)."""
    institutions = Institution.objects.filter(region=region)
    return {
        "count": institutions.count(),
        "by_kind": {row["kind"]: row["n"] for row in institutions.order_by().values("kind").annotate(n=Count("id"))},
        "with_dual_training": institutions.filter(dual_training=True).count(),
        "sources": sorted(set(institutions.values_list("source__slug", flat=True))),
    }
