"""Several values for one figure: revisions, confirmations and alternatives, as a load meets them.

A figure (indicator, region, period, breakdown: one public key) holds its current value in its own fields, with the
source and release of that value; every other value a source gives for it is kept as an `ObservationValue`, never
overwritten. When a load brings a value from a source the figure does not hold yet, `indicators.vintages.
statement_role` decides what it is: a later release of the preferred publisher revises the figure (the load writes
the new value through the loader's rules, so an editor's change still wins, and the value it replaces is kept as
superseded); an equal value confirms it; anything else is kept beside it as superseded or alternative.

Every row of a load is accounted for, per indicator, in `FigureAccounts`: new, updated or unchanged (the figure's
own source), revision, confirmation, superseded, alternative, or kept (a revision an editor's value holds back).
"""

import copy
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from simple_history.utils import bulk_create_with_history

from indicators.models import FlagKind, Observation, ObservationFlag, ObservationValue, Source, ValueRole
from indicators.vintages import Statement, statement_role
from regionapi.core.dataversion import bump
from regionapi.core.history.recording import acting_user, current_channel

# The flags that qualify a value rather than the figure: they go with the value a revision supersedes.
VALUE_FLAGS = (FlagKind.ESTIMATED, FlagKind.PRELIMINARY)
# What each account means, in the order the import report lists them.
ACCOUNTS = (
    ("new", "new figures"),
    ("updated", "updated (same source)"),
    ("unchanged", "unchanged"),
    ("revision", "revisions (a later release, now current)"),
    ("confirmation", "confirmations (the same value from a further source)"),
    ("superseded", "earlier releases (kept as superseded)"),
    ("alternative", "alternatives (another source's different value)"),
    ("kept", "revisions held back (an editor changed the figure)"),
)


@dataclass
class FigureMerge:
    """What a load does with its figures: the records for the loader, and the other values to keep."""

    load: list[Observation] = field(default_factory=list)  # new figures, the same source's, revisions
    values: list[ObservationValue] = field(default_factory=list)  # other values: new ones, or changed
    revisions: dict[str, tuple[Observation, Observation]] = field(default_factory=dict)  # code: (stored, file)
    accounts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # indicator: outcomes
    not_current: set[str] = field(default_factory=set)  # codes whose current value is not this load's

    def count(self, observation: Observation, outcome: str) -> None:
        self.accounts[observation.indicator.code][outcome] += 1


def figures_merge(observations: list[Observation]) -> FigureMerge:
    """Sort a load's figures (public keys resolved: `pk` set where the figure exists) into what the loader writes
    and what is kept beside the figures; see the module docstring."""
    merge = FigureMerge()
    stored = {
        figure.pk: figure
        for figure in Observation._base_manager.select_related("source", "indicator").filter(
            pk__in=[observation.pk for observation in observations if observation.pk]
        )
    }
    others = {
        (value.observation_id, value.source_id): value
        for value in ObservationValue.objects.filter(observation_id__in=stored)
    }
    arriving: dict[str, int] = {}  # code of a figure this load creates: its index in merge.load
    for observation in observations:
        figure = stored.get(observation.pk) if observation.pk else None
        source_pk = observation.source.pk
        if figure is None and observation.code in arriving:
            _another_new_value(merge, arriving[observation.code], observation)
        elif figure is None:
            arriving[observation.code] = len(merge.load)
            merge.load.append(observation)  # the loader counts it new (or held back: deleted by an editor)
        elif figure.source_id == source_pk:
            merge.load.append(observation)  # the loader counts it updated, unchanged or kept
        elif (figure.pk, source_pk) in others:
            merge.not_current.add(figure.code)
            _other_value_update(merge, others[figure.pk, source_pk], observation)
        else:
            merge.not_current.add(figure.code)
            _new_value(merge, figure, observation)
    return merge


def _another_new_value(merge: FigureMerge, index: int, observation: Observation) -> None:
    """A second source's value for a figure this same load creates (an export holds every value of a figure, one
    table per source): the rule picks the current one; the other is kept beside it once the figure exists."""
    current = merge.load[index]
    role = statement_role(
        _statement(observation, observation.source),
        _statement(current, current.source),
        preferred_publisher=current.indicator.preferred_publisher,
    )
    if role == "current":
        merge.load[index] = observation
        demoted = statement_role(_statement(current, current.source), _statement(observation, observation.source))
        role, observation = (demoted if demoted != "current" else ValueRole.ALTERNATIVE), current
    value = _value(None, observation, role)
    value.figure_code = observation.code  # its figure gets a key when the loader creates it
    merge.values.append(value)
    merge.count(observation, role)


def _statement(observation: Observation, source: Source) -> Statement:
    return Statement(observation.value, source.publisher, observation.released_on)


def _new_value(merge: FigureMerge, figure: Observation, observation: Observation) -> None:
    """A value from a source the figure does not hold yet."""
    role = statement_role(
        _statement(observation, observation.source),
        _statement(figure, figure.source),
        preferred_publisher=figure.indicator.preferred_publisher,
    )
    if role == "current":
        revised = copy.copy(figure)  # the stored figure with the new value: the loader decides whether to write it
        revised._state = copy.copy(figure._state)
        revised._state.fields_cache = dict(figure._state.fields_cache)  # its own related objects: a new source
        revised.value, revised.status, revised.released_on = (
            observation.value,
            observation.status,
            observation.released_on,
        )
        revised.source = observation.source
        merge.load.append(revised)
        merge.revisions[figure.code] = (figure, observation)
        merge.not_current.discard(figure.code)
        return
    merge.values.append(_value(figure, observation, role))
    merge.count(observation, role)


def _value(figure: Observation | None, observation: Observation, role: str, note: str = "") -> ObservationValue:
    """The package row `observation` as a value kept beside `figure` (None: a figure this load creates)."""
    value = observation.as_value(role, of=figure, note=note or getattr(observation, "value_note", ""))
    if figure is None:
        value.observation = None
    return value


def _other_value_update(merge: FigureMerge, kept: ObservationValue, observation: Observation) -> None:
    """A value the figure already holds from this source: updated where the source's value changed."""
    fields = {"value": observation.value, "status": observation.status, "released_on": observation.released_on}
    if all(getattr(kept, name) == value for name, value in fields.items()):
        merge.count(observation, "unchanged")
        return
    for name, value in fields.items():
        setattr(kept, name, value)
    merge.values.append(kept)
    merge.count(observation, "updated")


# The loader's outcome for a figure of the load's own source, as an account.
LOADER_ACCOUNTS = {"created": "new", "recreated": "new", "updated": "updated", "restored": "updated"}


def figure_accounts_count(merge: FigureMerge, outcomes: dict[str, str]) -> None:
    """Count the figures the loader wrote or left (`outcomes`: code -> outcome), revisions aside."""
    for observation in merge.load:
        if observation.code not in merge.revisions:
            outcome = outcomes.get(observation.code, "unchanged")
            merge.count(observation, outcome if outcome == "unchanged" else LOADER_ACCOUNTS.get(outcome, "kept"))


def figure_values_save(merge: FigureMerge, outcomes: dict[str, str], *, write: bool = True) -> None:
    """After the loader wrote its records (`outcomes`: figure code -> the loader's outcome): keep the value each
    written revision replaced as superseded, with the flags that qualified it; keep a revision the loader held
    back (an editor changed the figure) as an alternative; write the other values."""
    values = list(merge.values)
    for code, (stored, observation) in merge.revisions.items():
        outcome = outcomes.get(code)
        if outcome in ("updated", "restored"):
            values.append(_superseded(stored, observation))
            merge.count(observation, "revision")
        else:
            note = "Not made current: an editor changed this figure (import with --restore to apply it)."
            values.append(_value(stored, observation, ValueRole.ALTERNATIVE, note))
            merge.not_current.add(code)
            merge.count(observation, "kept")
    if not write:  # a dry run: counted, not written
        return
    created = dict(
        Observation._base_manager.filter(
            code__in={value.figure_code for value in values if hasattr(value, "figure_code")}
        ).values_list("code", "pk")
    )
    for value in values:
        value.source = value.source  # a source the load created has its key now
        if hasattr(value, "figure_code"):
            value.observation_id = created[value.figure_code]
    new = [value for value in values if value.pk is None]
    changed = [value for value in values if value.pk is not None]
    if new:
        bulk_create_with_history(
            new,
            ObservationValue,
            default_user=acting_user(),
            custom_historical_attrs={"channel": current_channel(), "data_version": bump()},
        )
    for value in changed:
        value.save(update_fields=["value", "status", "released_on"])


def _superseded(stored: Observation, observation: Observation) -> ObservationValue:
    """The value a revision replaced, as it was: its source, release and status, and the flags that qualified it
    (taken off the figure, which now shows the revised value)."""
    flags = list(ObservationFlag.objects.filter(observation=stored, flag__in=VALUE_FLAGS))
    # Data, not interface: written once, in the language of the flags' own notes (English), whatever the request's.
    note = " ".join(f"Flagged {flag.flag} by the {flag.asserted_by}: {flag.note}" for flag in flags)
    for flag in flags:
        flag.delete()  # recorded in its history, so the feed shows it
    same_publisher = stored.source.publisher == observation.source.publisher
    return stored.as_value(ValueRole.SUPERSEDED if same_publisher else ValueRole.ALTERNATIVE, note=note)


def figure_value_promote(kept: ObservationValue) -> Observation:
    """An editor's choice: the figure shows `kept` (another source's value, or an earlier release) from now on, and
    the value it showed is kept beside it, as superseded or alternative by the same rule. The figure is saved as an
    editor's change, so a later import keeps it (and reports the figure as changed by an editor)."""
    figure = Observation._base_manager.select_related("source", "indicator").get(pk=kept.observation_id)
    shown = figure.as_value(ValueRole.ALTERNATIVE)
    role = statement_role(
        _statement(figure, figure.source),
        _statement(kept, kept.source),
        preferred_publisher=kept.source.publisher,
    )
    # A later release the editor set aside is an alternative, not a vintage of the value now shown.
    shown.role = role if role in (ValueRole.SUPERSEDED, ValueRole.CONFIRMATION) else ValueRole.ALTERNATIVE
    figure.value, figure.status, figure.released_on, figure.source = (
        kept.value,
        kept.status,
        kept.released_on,
        kept.source,
    )
    kept.delete()
    figure.save(update_fields=["value", "status", "released_on", "source"])
    shown.save()
    return figure
