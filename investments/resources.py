"""Bulk import and export resources of the investments app (see indicators.resources)."""

from indicators.resources import resource_for
from investments import models

IndustrialZoneResource = resource_for(models.IndustrialZone, name="zones")
InvestmentProgrammeResource = resource_for(models.InvestmentProgramme, name="programmes")
InvestmentProjectResource = resource_for(models.InvestmentProject, name="projects")
MineralResource = resource_for(models.Mineral, name="minerals")
GeologicalDepositResource = resource_for(models.GeologicalDeposit, name="deposits")
