"""Writes and imports for the indicators app (and the seed, which spans every app): loading published data without
overwriting an editor's change (`loading`, with large loads' batch inserts in `inserts`), and figures re-keyed when the
rule for keys changes (`rekeying`)."""

from indicators.services.loading import (
    SEED_ORIGIN,
    FieldDifference,
    LoadReport,
    RecordOutcome,
    fixtures_load,
    loaded_key,
    record_values,
    records_load,
)
from indicators.services.rekeying import observations_rekey

__all__ = [
    "SEED_ORIGIN",
    "FieldDifference",
    "LoadReport",
    "RecordOutcome",
    "fixtures_load",
    "loaded_key",
    "observations_rekey",
    "record_values",
    "records_load",
]
