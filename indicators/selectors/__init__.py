"""Reads that combine records, by feature: an indicator's series, regions compared, an indicator's coverage and a
region's profile; `comparable` and `ranking` hold the rules the features share."""

from indicators.selectors.comparable import Change, NoFigures, period_shape
from indicators.selectors.compare import CompareRow, Comparison, indicator_compare_get
from indicators.selectors.coverage import Coverage, indicator_coverage_get
from indicators.selectors.profile import (
    RegionRank,
    region_headline_get,
    region_profile_get,
    region_ranks_get,
    regions_latest_get,
)
from indicators.selectors.ranking import STATUS_PRECEDENCE, Ranking, rank_values
from indicators.selectors.series import Series, SeriesPoint, indicator_series_get

__all__ = [
    "STATUS_PRECEDENCE",
    "Change",
    "CompareRow",
    "Comparison",
    "Coverage",
    "NoFigures",
    "Ranking",
    "RegionRank",
    "Series",
    "SeriesPoint",
    "indicator_compare_get",
    "indicator_coverage_get",
    "indicator_series_get",
    "period_shape",
    "rank_values",
    "region_headline_get",
    "region_profile_get",
    "region_ranks_get",
    "regions_latest_get",
]
