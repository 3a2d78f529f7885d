"""New records of a large load inserted a batch at a time, with the change history one save() each would give."""

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history

from regionapi.core.dataversion import bump
from regionapi.core.history.recording import acting_user
from regionapi.core.translation import data_language


class Inserts:
    """New records of a large load, inserted a batch at a time: the same columns and the same change history (with
    the load's channel) as one `save()` each, in a few statements instead of two per record (a data package holds
    thousands of figures). Only records of one model without many-to-many values or references to their own model
    are held; anything else makes the caller flush first, so a record is written before a later one can refer to it.
    """

    batch_size = 500

    def __init__(self, channel: str):
        self.channel = channel
        self.pending: list = []
        self.keys: set[tuple] = set()

    def takes(self, instance, m2m: dict) -> bool:
        model = type(instance)
        return not m2m and not any(
            field.related_model is model for field in model._meta.concrete_fields if field.is_relation
        )

    def add(self, instance) -> None:
        if self.pending and type(self.pending[0]) is not type(instance):
            self.flush()  # the next model's records may refer to these
        instance.fill_derived_fields()  # before the key is read: it may be derived (an observation's code)
        key = tuple(instance.natural_key())
        if key in self.keys:
            raise ValidationError(
                f"{type(instance)._meta.label} {'/'.join(str(part) for part in key)} appears twice in the load."
            )
        self.keys.add(key)
        self.pending.append(instance)

    def flush(self) -> None:
        if not self.pending:
            return
        model = type(self.pending[0])
        with data_language():
            bulk_create_with_history(
                self.pending,
                model,
                batch_size=self.batch_size,
                default_user=acting_user(),  # the user of the request that imports (an admin upload), as save() would
                # One data version for the batch, claimed under the load's transaction: the change feed's order.
                custom_historical_attrs={"channel": self.channel, "data_version": bump()},
            )
        self.pending, self.keys = [], set()
