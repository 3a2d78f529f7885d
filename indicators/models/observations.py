"""Observations: every figure a source reports for one indicator, region and period, with its status, release and
quote, and the rule that gives each figure its public key."""

import calendar
import itertools
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import ExtractYear
from django.db.models.query import ModelIterable
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from indicators.models.base import PublicKeyQuerySet, SourcedModel, TimeStampedModel
from indicators.models.choices import (
    VINTAGE_STATUSES,
    ComparisonBase,
    ObservationStatus,
    Qualifier,
    ValueRole,
)
from indicators.models.indicators import Indicator
from indicators.models.observation_details import ObservationAlias, ObservationValue
from indicators.models.organisations import SizeClass
from indicators.models.reference import Product, Region
from indicators.periods import Frequency, period_key
from indicators.validators import PlausibleDate
from indicators.vintages import known_on
from regionapi.core.indexes import column_indexes, updated_at_index


def figure_key(
    *,
    indicator: str,
    region: str,
    breakdown: Iterable[str],
    period_start: date | None,
    period_end: date | None,
    frequency: str,
    status: str,
) -> str:
    """A figure's public key, the same whichever way the figure comes in (seed, data package, API, admin) and
    across its vintages: indicator--region--breakdown--period, then the status of a plan, target or forecast.

    The period is written as `period=` reads it (indicators.periods.period_key: 2023, 2023-q1, 2023-01-to-2023-09,
    2023-01, 2023-01-01, from-2023-01-01, no-period), so a quarter and a year-to-date never share a key."""
    frequency = frequency or Frequency.of_dates(period_start, period_end)
    parts = [indicator, region, *(part for part in breakdown if part)]
    parts.append(period_key(period_start, period_end, frequency))
    if status not in VINTAGE_STATUSES:
        parts.append(status)
    return "--".join(slugify(part) for part in parts)[:200].rstrip("-")


def _vintages_show(figures) -> None:
    """Each figure read with a vintage shows the earlier value it selected (`vintage_pk`): one query for them all."""
    older = [figure for figure in figures if getattr(figure, "vintage_pk", None)]
    if older:
        values = ObservationValue.objects.select_related("source").in_bulk([figure.vintage_pk for figure in older])
        for figure in older:
            figure.show_vintage(values[figure.vintage_pk])


class ObservationQuerySet(PublicKeyQuerySet):
    """Figures; with a vintage (`known_as_of`), each shows the value known on that day (see indicators/vintages.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._known_on = None

    def _clone(self):
        clone = super()._clone()
        clone._known_on = self._known_on
        return clone

    def known_as_of(self, day):
        """The figures known on `day`, each with the value then current: its current value where that was released
        by then (or its release is unknown), else its latest superseded value released by then; a figure first
        released after `day` is left out. The earlier value replaces the current one on each record as it is read
        (`Observation.show_vintage`), so every caller sees the day's figures; `known_value` holds it for queries
        that read values without records (values_list)."""
        figures = self._chain()
        figures._known_as_of_apply(day)
        return figures

    def _known_as_of_apply(self, day) -> None:
        """known_as_of, in place (on a queryset about to run, whose clones must not change: see _vintage_apply)."""
        earlier = (
            ObservationValue.objects.filter(observation=OuterRef("pk"), role=ValueRole.SUPERSEDED)
            .filter(Q(released_on__lte=day) | Q(released_on__isnull=True))
            .order_by(F("released_on").desc(nulls_last=True), "-pk")
        )
        released_later = Q(released_on__gt=day)
        # Known on the day: released by then (or undated), or holding an earlier release that was.
        self._filter_or_exclude_inplace(False, (~released_later | Exists(earlier),), {})
        if self._fields is None:  # records; a values_list's rows would change with added columns
            columns = {
                "vintage_pk": Case(When(released_later, then=Subquery(earlier.values("pk")[:1])), default=None),
                "known_value": Case(
                    When(released_later, then=Subquery(earlier.values("value")[:1])), default=F("value")
                ),
            }
            for name, expression in columns.items():
                self.query.add_annotation(expression.resolve_expression(self.query, allow_joins=True), name)
        self._known_on = day

    def with_known_value(self):
        """`known_value`: the value the request's vintage shows (the current value unless one is asked for)."""
        figures = self._chain()
        figures._vintage_apply()
        return figures if figures._known_on is not None else figures.annotate(known_value=F("value"))

    def _vintage_apply(self) -> None:
        """These figures as the request being served asks for them (`vintage=DATE`, indicators/vintages.py). Applied
        when the query runs, not when it is built: a queryset built once (a view's class attribute, made when its
        module is first imported, perhaps inside a request with a vintage) must not keep one request's day."""
        day = known_on()
        if day is not None and self._known_on is None and self._result_cache is None:
            self._known_as_of_apply(day)

    def count(self):
        self._vintage_apply()
        return super().count()

    def exists(self):
        self._vintage_apply()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._vintage_apply()
        return super().aggregate(*args, **kwargs)

    def _fetch_all(self):
        # Once per read: `_fetch_all` runs again on every len(), bool() and iteration of the same results (list()
        # and sorted() call both), which must not read the earlier values again.
        fetching = self._result_cache is None
        self._vintage_apply()
        super()._fetch_all()
        if fetching and self._known_on is not None and self._iterable_class is ModelIterable:
            _vintages_show(self._result_cache)

    def _iterator(self, use_chunked_fetch, chunk_size):
        """As read in chunks (a CSV export streams its rows): each chunk's figures show the vintage's values."""
        self._vintage_apply()
        rows = super()._iterator(use_chunked_fetch, chunk_size)
        if self._known_on is None or self._iterable_class is not ModelIterable:
            yield from rows
            return
        while chunk := list(itertools.islice(rows, chunk_size or 2000)):
            _vintages_show(chunk)
            yield from chunk

    def with_related(self):
        """Observations with every object their representation names, and the territory they cover."""
        return self.with_related_objects().with_territory()

    def with_related_objects(self):
        """Observations with every object their representation names, their flags (one query for all) and not the
        territory they cover."""
        return self.select_related("indicator__unit", "region", "enterprise", "product", "source").prefetch_related(
            "flags", models.Prefetch("other_values", queryset=ObservationValue.objects.select_related("source"))
        )

    def totals(self):
        """Figures for a whole region: not broken down by enterprise, product or size class."""
        return self.filter(enterprise=None, product=None, size_class="")

    def in_period(self, start, end):
        """Figures for exactly this period (an open end or a missing period matches only the same)."""
        return self.filter(
            Q(period_start=start) if start else Q(period_start__isnull=True),
            Q(period_end=end) if end else Q(period_end__isnull=True),
        )

    def formerly(self, key: str):
        """The figure once known by `key`: a key the rule for keys or an editor has since replaced (its alias)."""
        return self.filter(aliases__code=key)

    def with_territory(self):
        """`covers_split_off`: the code of a region split off this figure's region in or after the figure's year whose
        territory the figure still covers, because the source does not report that region on its own for the same
        period (Karaganda's GRP of 2020 and of January-March 2022 cover Ulytau's territory; that of 2021 does not:
        Ulytau has its own)."""
        own_figure = Observation.objects.filter(
            region=OuterRef("pk"),
            indicator=OuterRef(OuterRef("indicator")),
            period_start=OuterRef(OuterRef("period_start")),
            period_end=OuterRef(OuterRef("period_end")),
            enterprise__isnull=True,  # the split-off region's own total for the same period
            product__isnull=True,
            size_class="",
        )
        split_off = (
            Region.objects.filter(
                formed_from=OuterRef("region"),
                formed_from__abolished_year__isnull=True,  # a former region's figures cover its own whole territory
                established_year__gte=ExtractYear(OuterRef("period_start")),
            )
            .exclude(Exists(own_figure))
            .order_by("code")
            .values("code")[:1]
        )
        return self.annotate(covers_split_off=Subquery(split_off))


class Observation(SourcedModel, TimeStampedModel):
    """One figure of one indicator for one region and period, as a source reports it."""

    code = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="Stable public key, indicator--region--breakdown--period (the rule's when left blank); a key it "
        "had before stays an alias that leads here.",
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    region = models.ForeignKey("indicators.Region", on_delete=models.PROTECT, related_name="observations")
    enterprise = models.ForeignKey(
        "indicators.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
        help_text="Breakdown: the enterprise the figure is about.",
    )
    product = models.ForeignKey(
        Product,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
        help_text="Breakdown: the product the figure is about.",
    )
    size_class = models.CharField(
        max_length=10, choices=SizeClass.choices, blank=True, help_text="Breakdown: enterprise size class."
    )
    period_start = models.DateField(
        null=True,
        blank=True,
        validators=[PlausibleDate()],
        help_text="First day the figure covers; empty when the source gives no period.",
    )
    period_end = models.DateField(
        null=True,
        blank=True,
        validators=[PlausibleDate()],
        help_text="Last day the figure covers; empty when the source leaves it open.",
    )
    frequency = models.CharField(
        max_length=12,
        choices=Frequency.choices,
        blank=True,
        help_text="The kind of period, recorded when the figure is loaded: annual, quarterly, monthly, year-to-date "
        "(cumulative from January, e.g. January-September), point (a stock on a date), open or other. Read from the "
        "dates when not given (January-March reads as a quarter: give year-to-date for a cumulation); null only "
        "without a period.",
    )
    value = models.DecimalField(max_digits=24, decimal_places=4)
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    status = models.CharField(max_length=12, choices=ObservationStatus.choices, default=ObservationStatus.ACTUAL)
    comparison_base = models.CharField(
        max_length=30,
        choices=ComparisonBase.choices,
        blank=True,
        help_text="For growth figures: what they compare with.",
    )
    note = models.TextField(blank=True, help_text="How the figure was read from the source, where that needs saying.")
    released_on = models.DateField(
        null=True,
        blank=True,
        validators=[PlausibleDate()],
        help_text="The day the publisher released the current value (its vintage); when left empty, its source's "
        "published_on (empty when that is unknown). Earlier releases of the figure, and other "
        "sources' values, are its other values (ObservationValue).",
    )

    natural_key_fields = ("code",)
    # The change feed gives these before and after when a change touches one of them (regionapi/core/feed/).
    feed_revision_fields = ("value", "status", "released_on")
    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ("indicator__code", "region__code", "period_start", "code")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True, period_end__isnull=True)
                | Q(period_start__isnull=False, period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="observation_period_ends_after_start",
                violation_error_message=_("The period ends before it starts, or has an end without a start."),
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=Qualifier.values),
                name="observation_qualifier_valid",
                violation_error_message=_("Give one of the listed qualifiers."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ObservationStatus.values),
                name="observation_status_valid",
                violation_error_message=_("Give one of the listed statuses."),
            ),
            models.CheckConstraint(
                condition=Q(frequency="", period_start__isnull=True)
                | Q(frequency__in=Frequency.values, period_start__isnull=False),
                name="observation_frequency_valid",
                violation_error_message=_("Give one of the listed frequencies; a figure without a period has none."),
            ),
            models.CheckConstraint(
                condition=Q(size_class="") | Q(size_class__in=SizeClass.values),
                name="observation_size_class_valid",
                violation_error_message=_("Give one of the listed size classes, or leave it empty."),
            ),
        ]
        indexes = [
            # a series: one indicator and region in period order (the list's typical filter and order)
            models.Index(fields=("indicator", "region", "period_start")),
            # period_after, year, ordering=period_start; period_before reads period_end or else period_start
            *column_indexes("observation", "period_start", "period_end", "value"),
            *column_indexes("observation", "size_class", "status", "qualifier", "frequency"),
            # a comparison: one indicator's figures of one kind and period, every region
            models.Index(
                fields=("indicator", "frequency", "period_start", "period_end"), name="observation_compare_idx"
            ),
            updated_at_index("observation"),
            models.Index(fields=["comparison_base"], name="observation_comparison_idx"),
            models.Index(fields=["source", "code"], name="observation_source_idx"),  # source=, the export's order
            models.Index(fields=["released_on"], name="observation_released_idx"),
        ]

    def __str__(self):
        return self.code

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        record._stored_code = record.__dict__.get("code")  # the key to keep as an alias if a save changes it
        return record

    def save(self, *args, **kwargs):
        """Save; a save that changes the key of a stored figure keeps the key it had as an alias, so that links to
        it still lead here (a 301), and a key that is now a figure's own is nobody's alias any more."""
        self.fill_defaults()
        self.fill_derived_fields()  # a key left blank is the rule's, and may be the one it had
        former = getattr(self, "_stored_code", None)
        update_fields = kwargs.get("update_fields")
        if not former or former == self.code or (update_fields is not None and "code" not in update_fields):
            super().save(*args, **kwargs)
        else:
            with transaction.atomic(using=kwargs.get("using")):
                super().save(*args, **kwargs)
                ObservationAlias.objects.filter(code=self.code).delete()
                ObservationAlias.objects.update_or_create(code=former, defaults={"observation": self})
        self._stored_code = self.code

    @property
    def period_label(self) -> str:
        """The period in words: 2024, 2025-01/2025-07, as of 2025-09-05, or empty."""
        start, end = self.period_start, self.period_end
        if start is None:
            return ""
        if end is None:
            return _("from %(date)s") % {"date": start.isoformat()}
        if start == end:
            return _("as of %(date)s") % {"date": start.isoformat()}
        whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
        if whole_months and (start.month, end.month) == (1, 12) and start.year == end.year:
            return str(start.year)
        if whole_months:
            return f"{start:%Y-%m}/{end:%Y-%m}"
        return f"{start.isoformat()}/{end.isoformat()}"

    def get_frequency_display(self) -> str | None:
        return str(Frequency(self.frequency).label) if self.frequency else None

    @property
    def includes_territory_of(self) -> list[str]:
        """Regions split off later whose territory this figure covers (see ObservationQuerySet.with_territory)."""
        code = getattr(self, "covers_split_off", None)
        return [code] if code else []

    def clean(self):
        self.fill_defaults()  # as save() does, so that the constraints see it
        if self.period_end and not self.period_start:
            raise ValidationError({"period_start": _("A period with an end needs a start.")})
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})

    def fill_defaults(self) -> None:
        if not self.frequency:
            self.frequency = Frequency.of_dates(self.period_start, self.period_end)
        if self.released_on is None and self.source_id is not None:
            # A value is released when its source is published (a package may date its resources: regionapi:released).
            self.released_on = self.source.published_on

    def fill_derived_fields(self) -> None:
        super().fill_derived_fields()
        self.fill_defaults()  # a bulk insert calls this, not save()
        if not self.code:
            self.code = self.figure_key()

    def as_value(self, role: str, *, of: "Observation | None" = None, note: str = "") -> "ObservationValue":
        """This figure's value, source, status and release as a value of the figure `of` (itself by default)."""
        return ObservationValue(
            observation=of or self,
            source=self.source,
            value=self.value,
            status=self.status,
            released_on=self.released_on,
            role=role,
            note=note,
        )

    def current_release(self) -> "ObservationValue":
        """The current value (with its source and release) as one of the figure's values."""
        current = getattr(self, "current_value", None)
        return current if current is not None else self.as_value(ValueRole.CURRENT)

    @property
    def vintages(self) -> list["ObservationValue"]:
        """Every release of the figure by its publisher, newest first: the current value and those it superseded
        (from the prefetched `other_values`), each with `shown` set on the one this answer shows."""
        releases = [self.current_release()] + [
            value for value in self.other_values.all() if value.role == ValueRole.SUPERSEDED
        ]
        shown = getattr(self, "shown_value", None)
        for release in releases:
            release.shown = release.pk == shown.pk if shown is not None else release.role == ValueRole.CURRENT
        return releases

    @property
    def alternatives(self) -> list["ObservationValue"]:
        """Other sources' values for the figure: equal ones (confirmations) and different ones (alternatives)."""
        return [
            value for value in self.other_values.all() if value.role in (ValueRole.CONFIRMATION, ValueRole.ALTERNATIVE)
        ]

    @property
    def revised_release(self) -> "ObservationValue | None":
        """The release the shown value revised: the publisher's latest release before it (from `vintages`), or None
        where the shown value is the figure's first. With a vintage, a release after the day is never it: the
        releases the shown value revised are older than it."""
        releases = self.vintages
        shown = next((index for index, release in enumerate(releases) if release.shown), 0)
        return releases[shown + 1] if shown + 1 < len(releases) else None

    def show_vintage(self, earlier: "ObservationValue") -> None:
        """Show the earlier value `earlier` in place of the current one (an answer as known on a past day); the
        current one stays readable as `current_value`."""
        self.current_value = self.current_release()
        self.value, self.status, self.released_on = earlier.value, earlier.status, earlier.released_on
        self.source = earlier.source
        self.shown_value = earlier

    def figure_key(self) -> str:
        """The key the rule gives this figure (`figure_key`): what a figure left without a key is given."""
        return figure_key(
            indicator=self.indicator.code,
            region=self.region.code,
            breakdown=[
                self.enterprise.slug if self.enterprise_id else "",
                self.product.slug if self.product_id else "",
                self.size_class,
            ],
            period_start=self.period_start,
            period_end=self.period_end,
            frequency=self.frequency,
            status=self.status,
        )
