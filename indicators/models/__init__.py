"""indicators: the base app. Imports from no other regionapi app."""
from indicators.models.base import PublicKeyQuerySet, SearchableModel, SourcedModel, TimeStampedModel
from indicators.models.organisations import Enterprise, EnterpriseRole, SizeClass
from indicators.models.reference import Language, Locality, Region, Sector, Source, Unit
from indicators.models.statistics import (
    ComparisonBase,
    Indicator,
    Observation,
    ObservationStatus,
    Product,
    Qualifier,
)

__all__ = [
    "ComparisonBase",
    "Enterprise",
    "EnterpriseRole",
    "Indicator",
    "Language",
    "Locality",
    "Observation",
    "ObservationStatus",
    "Product",
    "PublicKeyQuerySet",
    "Qualifier",
    "Region",
    "SearchableModel",
    "Sector",
    "SizeClass",
    "Source",
    "SourcedModel",
    "TimeStampedModel",
    "Unit",
]
