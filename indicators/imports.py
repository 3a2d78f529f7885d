"""Bulk import of a table file (`manage.py import_data`): rows matched by public key, read, validated and written a
batch at a time, all in one transaction.

The resource (indicators/resources.py) says what the columns are: its fields and their widgets read each cell, as
the admin's import does. What differs is the work per row. django-import-export looks up each row's record and
each of its relations with a query of its own and saves each record with two statements (the record and its
history row): about 40 rows a second. Here, for each batch of rows:

- the related records the batch names are fetched with one query per related model (and remembered for later
  batches), and the records its keys name with one query (no other write can commit before the import does: see
  records_import);
- each row is read, compared and validated in Python (the model's field rules and `clean()`), leaving the
  constraints to the database;
- new records are inserted with `bulk_create`, changed ones written with `bulk_update` (the columns that changed,
  plus the derived ones), and their history rows copied from them by the database in one statement
  (`history_record_in_bulk`), under the "import" channel;
- if the database refuses the batch (a check or unique constraint), the batch goes back to its savepoint and its
  rows are validated one by one with every rule, constraints included, to name the row and the rule.

So the number of queries depends on the number of batches, not rows. A record whose many-to-many values change is
saved the ordinary way (its history records the relations). A model whose records refer to records of the same
model (a sector's parent) is imported a row at a time, so a row can refer to one above it, as before.

What a row does is what the admin's import does: a row whose record exists writes the columns of the file that
differ (and no others); a row that changes nothing writes nothing, not even a history row; a key the model derives
when it is left blank (an observation's code) is derived first, so importing such a file again finds the records
it made. A key may appear once in a file. One bad row loads nothing, and the report names every bad row.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models.fields import NOT_PROVIDED
from import_export import widgets

from regionapi.core.dataversion import bump
from regionapi.core.diffs import changed_columns, stored_values
from regionapi.core.export import spreadsheet_value
from regionapi.core.history.recording import Channel, acting_user, change_channel, history_record_in_bulk
from regionapi.core.translation import data_language, translated_columns

BATCH_SIZE = 500
MAX_PROBLEMS = 100  # listed in the report; past that, only counted


@dataclass
class ImportReport:
    """What an import did, or would have done: counts of records, and the problems that stopped it."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    unlisted: int = 0  # problems past MAX_PROBLEMS

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged

    def add_problem(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)
        else:
            self.unlisted += 1


def records_import(
    *,
    resource,
    rows: Iterable[tuple[int, dict]],
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import numbered rows ({column: cell}) into the records of `resource` (a django-import-export ModelResource
    class) in one transaction, rolled back if any row is bad or `dry_run`; `on_batch(rows read)` after each batch."""
    importer = _Importer(resource(), batch_size)
    with transaction.atomic(), change_channel(Channel.IMPORT):
        # The data version first, before any record's lock, as API writes do (regionapi.core.dataversion). Its row
        # stays locked until the import ends, and every other write raises it too, so none can commit in between:
        # the records the import reads are still as read when it writes them. Bulk writes send no signal, so this
        # one bump stands for them all.
        bump()
        read = 0
        for batch in _batches(rows, importer.batch_size):
            importer.import_batch(batch)
            read += len(batch)
            if on_batch is not None:
                on_batch(read)
        importer.report_repeated_keys()
        report = importer.report
        if dry_run or report.problems or not (report.created or report.updated):
            transaction.set_rollback(True)  # nothing written also takes back the data version's bump: caches stay
    return importer.report


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


@dataclass
class _Row:
    """One row of the file on its way to the database."""

    number: int
    values: dict  # {model attribute: value} of the file's columns
    many: dict  # {many-to-many field name: set of related pks}
    errors: dict  # {field name or NON_FIELD_ERRORS: [message]}
    instance: object = None  # the record to write: the existing one with the file's values, or a new one
    key: str | None = None
    new: bool = True
    changed: list = field(default_factory=list)  # columns of an existing record that the file changes
    many_changed: bool = False
    derived: bool = False  # the new record's derived columns are filled (fill_derived_fields) and still hold


_PLAIN, _ONE, _MANY = "plain", "one", "many"  # a column's value, a relation to one record, to several
_EVALUATED = object()  # a default that is computed for each record


class _Importer:
    """One import: the resource's columns, what earlier batches found (related records, keys), and the report."""

    def __init__(self, resource, batch_size: int):
        self.resource = resource
        self.model = resource._meta.model
        key_field = resource.fields[resource._meta.import_id_fields[0]]
        self.key_column, self.key_attribute = key_field.column_name, key_field.attribute
        self.fields = [item for item in resource.get_import_fields() if item.attribute and not item.readonly]
        self.relations = [item for item in self.fields if isinstance(item.widget, widgets.ForeignKeyWidget)]
        self.many = [item for item in self.fields if isinstance(item.widget, widgets.ManyToManyWidget)]
        self.kinds = [
            (item, _ONE if item in self.relations else _MANY if item in self.many else _PLAIN) for item in self.fields
        ]
        self.foreign = {f.name: f.attname for f in self.model._meta.concrete_fields if f.is_relation}
        # Each column with its default: computed once, unless it is a callable (a time, a new list) asked each time.
        self.columns = [
            (f, _EVALUATED if callable(f.default) else f.get_default()) for f in self.model._meta.concrete_fields
        ]
        self.plain_columns = {f.name for f in self.model._meta.concrete_fields if not f.is_relation}
        self.mirrored = set(translated_columns(self.model))
        refers_to_itself = any(item.widget.model is self.model for item in self.relations)
        self.batch_size = 1 if refers_to_itself else batch_size
        self.known: dict[tuple, dict] = {}  # (related model, key field) -> {key: record}, found so far
        self.first_row: dict[str, int] = {}  # key -> the row that has it
        self.repeated: dict[str, list[int]] = {}  # key -> every row that has it, for keys in more than one
        self.report = ImportReport()

    # Reading

    def import_batch(self, lines: list[tuple[int, dict]]) -> None:
        """Read, match, validate and write one batch of numbered rows; bad rows go to the report, not the database."""
        lines = [(number, {column: spreadsheet_value(cell) for column, cell in row.items()}) for number, row in lines]
        self._fetch_related(row for _, row in lines)
        rows = [self._read(number, row) for number, row in lines]
        rows = [row for row in rows if self._first_with_its_key(row)]
        existing = self._existing([row.key for row in rows if row.key])
        current_many = self._current_many(existing.values())
        to_write = []
        for row in rows:
            self._match(row, existing.get(row.key), current_many)
            if not row.new and not row.changed and not row.many_changed and not row.errors:
                self.report.unchanged += 1
                continue
            self._validate(row)
            if row.errors:
                self._report(row.number, row.errors)
            else:
                to_write.append(row)
        self._write(to_write)

    def _fetch_related(self, rows: Iterable[dict]) -> None:
        """Fetch the related records the rows name that are not known yet: one query per related model."""
        wanted: dict[tuple, set] = {}
        for row in rows:
            for item in self.relations:
                value = row.get(item.column_name)
                if value not in (None, ""):
                    wanted.setdefault((item.widget.model, item.widget.field), set()).add(str(value))
            for item in self.many:
                for key in self._keys(item, row.get(item.column_name)):
                    wanted.setdefault((item.widget.model, item.widget.field), set()).add(key)
        for (model, key_field), keys in wanted.items():
            known = self.known.setdefault((model, key_field), {})
            missing = keys - known.keys()
            if missing:
                for record in model._default_manager.filter(**{f"{key_field}__in": missing}):
                    known[str(getattr(record, key_field))] = record

    @staticmethod
    def _keys(item, value) -> list[str]:
        """The keys in a many-to-many cell, as the resource's KeysWidget splits them."""
        if value in (None, ""):
            return []
        return [key.strip() for key in str(value).split(item.widget.separator) if key.strip()]

    def _read(self, number: int, row: dict) -> _Row:
        """The row's values as the resource's widgets read them, a relation as the record it names."""
        values, many, errors = {}, {}, {}
        for item, kind in self.kinds:
            if item.column_name not in row:
                continue  # a column the file does not have is left as it is
            try:
                if kind is _MANY:
                    many[item.attribute] = self._related_many(item, row[item.column_name])
                    continue
                value = self._related(item, row[item.column_name]) if kind is _ONE else item.clean(row)
            except ValueError as exc:
                errors[item.attribute] = [str(exc)]
                continue
            if value is not None or item.saves_null_values:
                values[item.attribute] = value
        parsed = _Row(number=number, values=values, many=many, errors=errors)
        parsed.instance = self._new(values)
        parsed.key = self._key_of(parsed)
        return parsed

    def _new(self, values: dict):
        """A new record with `values` and the model's defaults, built the way records read from the database are:
        one value per column, in order. With keyword arguments, django-modeltranslation's constructor rewrites each
        name and computes each translated column's default in its language, which took longer than reading the row."""
        args = []
        for model_field, default in self.columns:
            if model_field.name in values:
                value = values[model_field.name]
                args.append(value.pk if model_field.is_relation and value is not None else value)
            else:
                args.append(model_field.get_default() if default is _EVALUATED else default)
        instance = self.model(*args)
        for name, value in values.items():
            if name not in self.plain_columns and value is not None:  # a relation: its record cached, for the key
                setattr(instance, name, value)  # and clean() to read
        return instance

    def _related(self, item, value):
        if value in (None, ""):
            return None if item.default is NOT_PROVIDED else item.default
        record = self.known[(item.widget.model, item.widget.field)].get(str(value))
        if record is None:
            raise ValueError(f"no {item.widget.model._meta.verbose_name} with {item.widget.field} {value!r}")
        return record

    def _related_many(self, item, value) -> set:
        known = self.known.get((item.widget.model, item.widget.field), {})
        keys = self._keys(item, value)
        missing = sorted(key for key in set(keys) if key not in known)
        if missing:
            raise ValueError(f"no {item.widget.model._meta.verbose_name} with {item.widget.field} {', '.join(missing)}")
        return {known[key].pk for key in keys}

    def _key_of(self, row: _Row) -> str | None:
        """The row's public key: as the file gives it, or as the model derives it when the file leaves it blank."""
        instance = row.instance
        if getattr(instance, self.key_attribute) in (None, "") and not row.errors:
            try:
                instance.fill_derived_fields()
                row.derived = True
            except (ObjectDoesNotExist, AttributeError, TypeError, ValueError):
                pass  # a value the key is made of is missing or bad: validation names it
        key = getattr(instance, self.key_attribute)
        return None if key in (None, "") else str(key)

    def _first_with_its_key(self, row: _Row) -> bool:
        if row.key is None:
            return True
        first = self.first_row.setdefault(row.key, row.number)
        if first == row.number:
            return True
        self.repeated.setdefault(row.key, [first]).append(row.number)
        return False

    def _existing(self, keys: list[str]) -> dict:
        """The records with these keys. Not locked: no other write can commit before the import does, since every
        write raises the data version, whose row the import raised first and holds (see records_import)."""
        if not keys:
            return {}
        records = self.model._base_manager.filter(**{f"{self.key_attribute}__in": keys})
        return {str(getattr(record, self.key_attribute)): record for record in records}

    def _current_many(self, records) -> dict:
        """{(field name, pk): set of related pks} of existing records, for the many-to-many columns: one query each."""
        records = list(records)
        current = {}
        if not records:
            return current
        for item in self.many:
            model_field = self.model._meta.get_field(item.attribute)
            through = model_field.remote_field.through
            source, target = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
            for record in records:
                current[(item.attribute, record.pk)] = set()
            pairs = through._default_manager.filter(**{f"{source}__in": [record.pk for record in records]})
            for owner, related in pairs.values_list(f"{source}_id", f"{target}_id"):
                current[(item.attribute, owner)].add(related)
        return current

    def _match(self, row: _Row, record, current_many: dict) -> None:
        """Point the row at its existing record, with the file's values, and note what they change."""
        if record is None:
            return
        original = stored_values(record)
        for attribute, value in row.values.items():
            if attribute in row.errors or (attribute == self.key_attribute and value in (None, "")):
                continue  # a bad value, or a key left blank for the model to derive: the record keeps its own
            setattr(record, attribute, value)
        row.instance, row.new, row.derived = record, False, False
        row.changed = changed_columns(record, original)
        row.many_changed = any(values != current_many[(name, record.pk)] for name, values in row.many.items())

    # Validating

    def _validate(self, row: _Row, *, every_rule: bool = False) -> None:
        """The model's field rules and clean(); with `every_rule`, also its unique and other constraints and the
        existence of related records (queries of their own, for the rows of a batch the database refused)."""
        exclude = set(row.errors)
        if not every_rule:
            # Related records came from the database (or are the record's own): they exist. The base column of a
            # translated field mirrors its data-language column, which is validated itself.
            exclude |= {name for name, attname in self.foreign.items() if getattr(row.instance, attname) is not None}
            exclude |= self.mirrored
        try:
            row.instance.full_clean(exclude=exclude, validate_unique=every_rule, validate_constraints=every_rule)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                row.errors.setdefault(name, []).extend(messages)

    def _report(self, number: int, errors: dict) -> None:
        for name, messages in errors.items():
            where = "the record" if name == NON_FIELD_ERRORS else f"field {name}"
            for message in messages:
                self.report.add_problem(f"row {number}, {where}: {message}")

    def report_repeated_keys(self) -> None:
        for key, numbers in self.repeated.items():
            self.report.add_problem(
                f"{self.key_column} {key!r} in rows {', '.join(map(str, numbers))}: a key may appear once in a file"
            )

    # Writing

    def _write(self, rows: list[_Row]) -> None:
        """Write the batch's rows in bulk inside a savepoint; if the database refuses them, find out which row."""
        if not rows:
            return
        try:
            with transaction.atomic():
                self._write_in_bulk(rows)
        except (IntegrityError, DataError) as exc:
            self._diagnose(rows, exc)
            return
        for row in rows:
            if row.new:
                self.report.created += 1
            else:
                self.report.updated += 1

    def _write_in_bulk(self, rows: list[_Row]) -> None:
        user = acting_user()
        inserts, updates, one_by_one = [], [], []
        for row in rows:
            if row.many_changed or (row.new and any(row.many.values())):
                one_by_one.append(row)
            elif row.new:
                inserts.append(row.instance)
            else:
                updates.append(row)
        for row in rows:
            if not row.derived:
                row.instance.fill_derived_fields()
        with data_language():  # base columns of translated fields mirror the data language's (see data_language)
            if inserts:
                self.model._base_manager.bulk_create(inserts)
                history_record_in_bulk(self.model, [instance.pk for instance in inserts], history_type="+", user=user)
            if updates:
                columns = sorted(self.model.columns_written_with({name for row in updates for name in row.changed}))
                self.model._base_manager.bulk_update([row.instance for row in updates], columns)
                pks = [row.instance.pk for row in updates]
                history_record_in_bulk(self.model, pks, history_type="~", user=user)
        for row in one_by_one:  # save() and set() send the signals that record the relations in the history
            if row.new:
                row.instance.save()
            elif row.changed:
                row.instance.save(update_fields=row.changed)
            for name, values in row.many.items():
                getattr(row.instance, name).set(values)

    def _diagnose(self, rows: list[_Row], error: Exception) -> None:
        found = False
        for row in rows:
            self._validate(row, every_rule=True)
            if row.errors:
                found = True
                self._report(row.number, row.errors)
        if not found:
            self.report.add_problem(f"rows {rows[0].number}-{rows[-1].number}: the database refused them: {error}")
