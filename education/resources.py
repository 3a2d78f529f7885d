"""Bulk import and export resources of the education app (see indicators.resources)."""

from education import models
from indicators.resources import resource_for

InstitutionResource = resource_for(models.Institution, name="institutions")
TrainingProgrammeResource = resource_for(models.TrainingProgramme, name="training-programmes")
