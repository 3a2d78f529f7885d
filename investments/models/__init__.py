"""investments: builds on indicators; zones, programmes, projects and geology."""
from investments.models.geology import GeologicalDeposit, Mineral, ResourceEstimate
from investments.models.projects import InvestmentProgramme, InvestmentProject, ProjectMilestone, ProjectParticipant
from investments.models.zones import IndustrialZone

__all__ = [
    "GeologicalDeposit",
    "IndustrialZone",
    "InvestmentProgramme",
    "InvestmentProject",
    "Mineral",
    "ProjectMilestone",
    "ProjectParticipant",
    "ResourceEstimate",
]
