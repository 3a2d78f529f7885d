"""The delete rule: a record that other records still refer to is not deleted, whichever way the delete comes.

Django itself refuses a delete that a PROTECT foreign key forbids, but it silently unlinks many-to-many links
(deleting a mineral drops it from every deposit that lists it), and would null or ignore SET_NULL, SET_DEFAULT
and DO_NOTHING references. The rule treats every reference the same way:

- a record's own parts, the rows of a one-to-many CASCADE relation (a project's milestones), go with it;
- every other reference blocks the delete: reverse foreign keys and one-to-ones that are not CASCADE, and reverse
  many-to-many links; a reference the database does not enforce (`db_constraint=False`, e.g. the rows of the
  change history, which outlive the record by design) never blocks;
- a referring record that the same operation deletes too (a part of the record, or a record deleted alongside
  it) does not block.

`protect_references()` connects the rule as a `pre_delete` receiver, so `instance.delete()`, `QuerySet.delete()`
(the admin's "delete selected") and every importer are refused with `DeleteRefused`, a `ProtectedError` whose
message names the referring records. `delete_or_refuse()` is the delete the admin and the API call: the same
rule, the same message for Django's own PROTECT refusals, and a refusal leaves the surrounding transaction usable.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.db.models.signals import pre_delete
from django.utils.functional import lazy
from django.utils.translation import gettext

# How many referring records a message names before "...".
NAMED = 4

# The records one delete removes: {concrete model: primary keys}.
Deleting = Mapping[type[models.Model], set]


@dataclass(frozen=True)
class Referrers:
    """The records of one relation that still refer to a record: "3 geological deposits (a, b, c)"."""

    model: type[models.Model]
    objects: tuple

    def __str__(self):
        count = len(self.objects)
        name = self.model._meta.verbose_name_plural if count > 1 else self.model._meta.verbose_name
        keys = ", ".join(str(obj) for obj in self.objects[:NAMED])
        more = ", ..." if count > NAMED else ""
        return f"{count} {name} ({keys}{more})"


class DeleteRefused(ProtectedError):
    """Deleting `record` is refused: `referrers` still refer to it. `protected_objects` holds every one of them.

    The message is written when it is read, in the language active then: a model's delete may run under another
    language than the one its caller answers in (the API answers in the request's)."""

    def __init__(self, record: models.Model, referrers: list[Referrers]):
        self.record = record
        self.referrers = referrers
        super().__init__(lazy(self._message, str)(), [obj for group in referrers for obj in group.objects])

    def _message(self) -> str:
        return gettext("%(record)s is still referred to by %(blockers)s; change or delete those first.") % {
            "record": self.record,
            "blockers": "; ".join(str(group) for group in self.referrers),
        }

    def __str__(self):
        return self._message()


def blocking_relations(model: type[models.Model]) -> list:
    """The reverse relations of `model` whose records block deleting one of its records (see the module)."""
    found = []
    for relation in model._meta.get_fields(include_hidden=True):
        if not isinstance(relation, models.ForeignObjectRel):
            continue  # not a reverse relation
        if relation.related_model._meta.auto_created:
            continue  # the rows of a many-to-many table: the many-to-many relation itself stands for them
        if relation.many_to_many:
            found.append(relation)
        elif relation.on_delete is not models.CASCADE and relation.field.db_constraint:
            found.append(relation)
    return found


def unguarded_relations(model: type[models.Model]) -> list:
    """The blocking relations that Django alone would not refuse: it checks PROTECT and RESTRICT before anything is
    deleted, but removes many-to-many links and nulls or ignores the rest."""
    return [
        relation
        for relation in blocking_relations(model)
        if relation.many_to_many or relation.on_delete not in (models.PROTECT, models.RESTRICT)
    ]


def referrers(
    instance: models.Model, *, relations: Iterable | None = None, deleting: Deleting | None = None
) -> list[Referrers]:
    """The records that still refer to `instance`, one group per relation (by default every blocking relation),
    leaving out those that `deleting` ({concrete model: primary keys}) deletes in the same operation."""
    groups = []
    for relation in blocking_relations(type(instance)) if relations is None else relations:
        related = relation.related_model
        rows = related._base_manager.db_manager(instance._state.db).filter(**{relation.field.name: instance})
        objects = list(rows if related._meta.ordering else rows.order_by("pk"))
        if deleting:
            gone = deleting.get(related._meta.concrete_model, ())
            objects = [obj for obj in objects if obj.pk not in gone]
        if objects:
            groups.append(Referrers(related, tuple(objects)))
    return groups


def deleted_together(target, *, using: str) -> dict[type[models.Model], set]:
    """{concrete model: primary keys} of every record that deleting `target` (a record, a QuerySet or a list of
    records) would delete: the records themselves and their parts."""
    collector = Collector(using=using, origin=target)
    try:
        collector.collect(target.all() if isinstance(target, models.QuerySet) else list(_records(target)))
    except (ProtectedError, RestrictedError):
        pass  # refused anyway; what was collected still tells the parts apart
    gone = defaultdict(set)
    for model, instances in collector.data.items():
        gone[model._meta.concrete_model].update(obj.pk for obj in instances)
    for rows in collector.fast_deletes:  # deleted in one query, without being loaded
        if not rows.model._meta.auto_created:
            gone[rows.model._meta.concrete_model].update(rows.values_list("pk", flat=True))
    return gone


def refusals(objs) -> list[DeleteRefused]:
    """A refusal for each of `objs` (a record, a QuerySet or a list of records of one model) that others still
    refer to, if they were deleted together; referrers deleted in the same operation do not count."""
    records = list(_records(objs))
    if not records:
        return []
    found = [(record, referrers(record)) for record in records]
    if not any(groups for _record, groups in found):
        return []
    gone = deleted_together(objs, using=records[0]._state.db or router.db_for_write(type(records[0])))
    refused = []
    for record, groups in found:
        if groups:
            kept = referrers(record, deleting=gone)
            if kept:
                refused.append(DeleteRefused(record, kept))
    return refused


def delete_or_refuse(target):
    """Delete a record or a QuerySet's records, or raise `DeleteRefused` naming what still refers to it.

    The delete runs in a savepoint, so a refusal leaves the database and the surrounding transaction as they
    were. Django's own PROTECT and RESTRICT refusals come out as the rule's refusal too."""
    model = target.model if isinstance(target, models.QuerySet) else type(target)
    try:
        with transaction.atomic(using=router.db_for_write(model)):
            return target.delete()
    except DeleteRefused:
        raise
    except (ProtectedError, RestrictedError) as error:
        refused = refusals(target)
        if refused:
            raise refused[0] from error
        if isinstance(target, models.Model):  # a reference the rule does not see: name what Django found
            found = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
            raise DeleteRefused(target, _grouped(found)) from error
        raise


def _grouped(objects) -> list[Referrers]:
    groups = defaultdict(list)
    for obj in objects:
        groups[type(obj)].append(obj)
    return [Referrers(model, tuple(sorted(found, key=lambda obj: obj.pk))) for model, found in groups.items()]


# ---------------------------------------------------------------- enforcement on every delete

_protected: set[type[models.Model]] = set()


def protect_references(*models_: type[models.Model]) -> None:
    """Enforce the rule on every delete of these models' records: connected for the models that have a
    reference Django alone would remove or null (see `unguarded_relations`); the others Django guards itself."""
    for model in models_:
        if model._meta.abstract or model._meta.auto_created or not unguarded_relations(model):
            continue
        uid = f"regionapi.core.deletion:{model._meta.label}"
        pre_delete.connect(refuse_referenced_delete, sender=model, dispatch_uid=uid)
        _protected.add(model)


def protected_models() -> set[type[models.Model]]:
    """The models whose deletes `protect_references` checks."""
    return set(_protected)


def refuse_referenced_delete(sender, instance, using, origin=None, **kwargs):
    """pre_delete receiver: raise `DeleteRefused` when others still refer to `instance`.

    pre_delete runs for every record of a delete (also a QuerySet's, since a receiver turns Django's fast
    delete off) inside the delete's transaction and before any row goes, so raising undoes the whole delete.
    Only when a referrer is found is the whole delete worked out again from its origin, to let referrers that
    go in the same operation pass."""
    relations = unguarded_relations(sender)
    groups = referrers(instance, relations=relations)
    if groups and isinstance(origin, (models.Model, models.QuerySet)):
        groups = referrers(instance, relations=relations, deleting=deleted_together(origin, using=using))
    if groups:
        raise DeleteRefused(instance, groups)


def _records(objs):
    if isinstance(objs, models.Model):
        return [objs]
    return objs
