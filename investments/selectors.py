"""Reads that combine investments records: the investment sections of a region profile."""

from django.db.models import Sum

from indicators.models import Region
from investments.models import GeologicalDeposit, IndustrialZone, InvestmentProgramme, InvestmentProject
from regionapi.core.grouping import group_counts


def _sources(queryset) -> list[str]:
    return sorted(set(queryset.values_list("source__slug", flat=True)))


def zones_profile_get(region: Region) -> dict:
    """Zones of a region: how many by kind, and their participants, investment, output and jobs."""
    zones = IndustrialZone.objects.filter(region=region)
    totals = zones.aggregate(
        participants=Sum("participants"),
        investment_kzt=Sum("investment_kzt"),
        output_kzt=Sum("output_kzt"),
        permanent_jobs=Sum("permanent_jobs"),
    )
    return {
        "records": zones.count(),
        "records_by_kind": group_counts(zones, "kind"),
        **totals,
        "sources": _sources(zones),
    }


def projects_profile_get(region: Region) -> dict:
    """Investment projects of a region: how many by status, and the money planned and invested."""
    projects = InvestmentProject.objects.filter(region=region)
    totals = projects.aggregate(planned_investment_kzt=Sum("planned_investment_kzt"), invested_kzt=Sum("invested_kzt"))
    return {
        "records": projects.count(),
        "records_by_status": group_counts(projects, "status"),
        **totals,
        "sources": _sources(projects),
    }


def programmes_profile_get(region: Region) -> dict:
    """Investment programmes of a region, each with its project count, total and horizon."""
    programmes = InvestmentProgramme.objects.filter(region=region).order_by("end_year", "slug")
    return {
        "records": len(programmes),
        "programmes": list(programmes),
        "sources": _sources(programmes),
    }


def deposits_profile_get(region: Region) -> dict:
    """Deposits and prospective sites of a region, by kind and exploration status."""
    deposits = GeologicalDeposit.objects.filter(region=region)
    return {
        "records": deposits.count(),
        "records_by_kind": group_counts(deposits, "kind"),
        "records_by_exploration_status": group_counts(deposits, "exploration_status"),
        "minerals": sorted(set(deposits.exclude(minerals=None).values_list("minerals__slug", flat=True))),
        "sources": _sources(deposits),
    }
