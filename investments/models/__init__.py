"""investments: builds on indicators; zones, programmes, projects and geology."""

from investments.models.geology import (
    DepositKind,
    ExplorationStatus,
    GeologicalDeposit,
    Mineral,
    MineralGroup,
    ResourceCategory,
    ResourceEstimate,
)
from investments.models.projects import (
    DatePrecision,
    InvestmentProgramme,
    InvestmentProject,
    MilestoneStatus,
    ParticipantRole,
    ProjectMilestone,
    ProjectParticipant,
    ProjectStatus,
)
from investments.models.zones import IndustrialZone, ZoneKind, ZoneStatus

__all__ = [
    "DatePrecision",
    "DepositKind",
    "ExplorationStatus",
    "MilestoneStatus",
    "MineralGroup",
    "ParticipantRole",
    "ProjectStatus",
    "ResourceCategory",
    "ZoneKind",
    "ZoneStatus",
    "GeologicalDeposit",
    "IndustrialZone",
    "InvestmentProgramme",
    "InvestmentProject",
    "Mineral",
    "ProjectMilestone",
    "ProjectParticipant",
    "ResourceEstimate",
]
