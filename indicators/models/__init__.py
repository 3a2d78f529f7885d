"""indicators: the base app. Imports from no other regionapi app."""

from indicators.models.base import GeoPointModel, PublicKeyQuerySet, SearchableModel, SourcedModel, TimeStampedModel
from indicators.models.loads import LoadedRecord
from indicators.models.organisations import Enterprise, EnterpriseRole, SizeClass
from indicators.models.reference import (
    Language,
    Locality,
    LocalityKind,
    Region,
    RegionKind,
    Sector,
    SectorLevel,
    Source,
    SourceKind,
    Unit,
)
from indicators.models.statistics import (
    ComparisonBase,
    Direction,
    FlagAuthority,
    FlagKind,
    Frequency,
    Indicator,
    Observation,
    ObservationFlag,
    ObservationStatus,
    Product,
    Qualifier,
)

__all__ = [
    "ComparisonBase",
    "Enterprise",
    "GeoPointModel",
    "EnterpriseRole",
    "Indicator",
    "Language",
    "LoadedRecord",
    "Locality",
    "LocalityKind",
    "Observation",
    "ObservationFlag",
    "ObservationStatus",
    "Direction",
    "FlagAuthority",
    "FlagKind",
    "Frequency",
    "Product",
    "PublicKeyQuerySet",
    "Qualifier",
    "Region",
    "RegionKind",
    "SearchableModel",
    "Sector",
    "SectorLevel",
    "SizeClass",
    "Source",
    "SourceKind",
    "SourcedModel",
    "TimeStampedModel",
    "Unit",
]
