"""What each load of published data (the seed, a data package) last wrote: the values an editor has not touched."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoadedRecord(models.Model):
    """The values a load last wrote to one record, keyed by the record's public key.

    A later load compares each field three ways: the database, this record and the file. A field whose database
    value still equals what was loaded is the load's to update; one that differs was changed by an editor, and
    stays as the editor left it unless the load is told to restore. A key whose record is gone was deleted (or
    renamed) by an editor, and is not recreated unless asked.
    """

    origin = models.CharField(max_length=200, help_text="The load that wrote the values: 'seed' or a data package.")
    model = models.CharField(max_length=100, help_text="app_label.ModelName of the record.")
    key = models.CharField(max_length=500, help_text="The record's natural key as a JSON list.")
    values = models.JSONField(help_text="{field: value} as the load wrote them (decimals and dates as text).")
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("model", "key")
        constraints = [
            models.UniqueConstraint(
                fields=("model", "key"),
                name="loaded_record_model_key_unique",
                violation_error_message=_(
                    "The values loaded for this record are already kept (one row per model and key)."
                ),
            )
        ]

    def __str__(self):
        return f"{self.model} {self.key}"
