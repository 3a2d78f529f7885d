"""The machinery's own table: the data version that HTTP validators and the response cache are derived from."""

from django.db import models


class DataVersion(models.Model):
    """The version of the whole database's data: one row, bumped in every transaction that writes data."""

    version = models.PositiveBigIntegerField(default=0, help_text="Raised by one with every write.")
    changed_at = models.DateTimeField(help_text="When the data last changed (the latest write's time).")

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return f"data version {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
