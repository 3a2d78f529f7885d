"""indicators: the base app. Imports from no other regionapi app."""

from indicators.models.base import GeoPointModel, PublicKeyQuerySet, SearchableModel, SourcedModel, TimeStampedModel
from indicators.models.choices import (
    ComparisonBase,
    Direction,
    FlagAuthority,
    FlagKind,
    ObservationStatus,
    Qualifier,
    ValueRole,
)
from indicators.models.indicators import Indicator
from indicators.models.loads import LoadedRecord
from indicators.models.observation_details import ObservationAlias, ObservationFlag, ObservationValue
from indicators.models.observations import Observation, figure_key
from indicators.models.organisations import Enterprise, EnterpriseRole, SizeClass
from indicators.models.reference import (
    Language,
    Locality,
    LocalityKind,
    Product,
    Region,
    RegionKind,
    Sector,
    SectorLevel,
    Source,
    SourceKind,
    Unit,
)

# A period's kind is defined with the rest of what a period is; the models (and migration 0018) read it here too.
from indicators.periods import Frequency  # noqa: E402

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
    "ObservationAlias",
    "ObservationFlag",
    "ObservationValue",
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
    "ValueRole",
    "figure_key",
]
