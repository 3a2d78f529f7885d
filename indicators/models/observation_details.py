"""What a figure carries beside its current value: the caveats on it (flags), the values other releases and other
sources give for it, and the keys it was known by before (aliases)."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models.base import TimeStampedModel
from indicators.models.choices import FlagAuthority, FlagKind, ObservationStatus, ValueRole
from indicators.validators import PlausibleDate


class ObservationFlag(TimeStampedModel):
    """A caveat on one figure (estimated, preliminary, back-calculated, break in series, confidential), who asserts
    it and why: a source's footnote kept with the figure it qualifies."""

    observation = models.ForeignKey("indicators.Observation", on_delete=models.CASCADE, related_name="flags")
    flag = models.CharField(max_length=20, choices=FlagKind.choices)
    asserted_by = models.CharField(max_length=20, choices=FlagAuthority.choices)
    note = models.TextField(blank=True, help_text="What the flag means for this figure, in the footnote's words.")

    class Meta:
        ordering = ("observation", "flag")
        constraints = [
            models.UniqueConstraint(
                fields=("observation", "flag"),
                name="observation_flag_once",
                violation_error_message=_("The figure already carries this flag."),
            ),
            models.CheckConstraint(
                condition=Q(flag__in=FlagKind.values),
                name="observation_flag_valid",
                violation_error_message=_("Give one of the listed flags."),
            ),
            models.CheckConstraint(
                condition=Q(asserted_by__in=[FlagAuthority.PUBLISHER, FlagAuthority.PACKAGE_EDITORS]),
                name="observation_flag_asserted_by_valid",
                violation_error_message=_("Give who asserts the flag: the publisher or the package's editors."),
            ),
        ]
        indexes = [models.Index(fields=("flag", "observation"), name="observation_flag_kind_idx")]

    def __str__(self):
        return f"{self.observation_id}: {self.flag}"


class ObservationValue(TimeStampedModel):
    """A value a source gives for a figure other than the figure's current one: an earlier release of the same
    publisher (superseded: a revision never overwrites the value it revises), the same value from a further source
    (confirmation), or another publisher's different value (alternative). Written by imports; the figure's own
    fields hold the current value, its source and release."""

    observation = models.ForeignKey("indicators.Observation", on_delete=models.CASCADE, related_name="other_values")
    source = models.ForeignKey("indicators.Source", on_delete=models.PROTECT, related_name="figure_values")
    value = models.DecimalField(max_digits=24, decimal_places=4)
    status = models.CharField(max_length=12, choices=ObservationStatus.choices, default=ObservationStatus.ACTUAL)
    released_on = models.DateField(
        null=True, blank=True, validators=[PlausibleDate()], help_text="The day the publisher released this value."
    )
    role = models.CharField(max_length=12, choices=ValueRole.choices)
    note = models.TextField(blank=True, help_text="What became of the value (e.g. the flags it carried when current).")

    natural_key_fields = ("observation__code", "source__slug")

    class Meta:
        ordering = ("observation", F("released_on").desc(nulls_last=True), "source")
        constraints = [
            models.UniqueConstraint(
                fields=("observation", "source"),
                name="observation_value_once_per_source",
                violation_error_message=_("The figure already holds a value from this source."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=[ValueRole.SUPERSEDED, ValueRole.CONFIRMATION, ValueRole.ALTERNATIVE]),
                name="observation_value_role_valid",
                violation_error_message=_("Give one of the listed roles: superseded, confirmation or alternative."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ObservationStatus.values),
                name="observation_value_status_valid",
                violation_error_message=_("Give one of the listed statuses."),
            ),
        ]
        indexes = [
            # vintage=DATE: a figure's latest superseded value released by a day
            models.Index(fields=("observation", "role", "released_on"), name="observation_value_vintage_idx"),
            models.Index(fields=("source", "observation"), name="observation_value_source_idx"),  # source=
        ]

    def __str__(self):
        return f"{self.observation_id}: {self.value} ({self.role})"


class ObservationAlias(models.Model):
    """A key a figure was known by before (the rule for keys changed, or an editor renamed it): a reader who asks
    for it is sent on to the figure under its key now."""

    code = models.SlugField(max_length=200, unique=True, help_text="The former key.")
    observation = models.ForeignKey("indicators.Observation", on_delete=models.CASCADE, related_name="aliases")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("code",)
        verbose_name_plural = "observation aliases"

    def __str__(self):
        return self.code
