"""Bulk import and export (django-import-export): one resource per main model, rows matched by public key.

Relations are written as the related record's public key, so a file exported here can be edited in a
spreadsheet and imported back; importing the same file twice changes nothing. Every import is one
transaction and is recorded in the change history under the "import" channel.
"""

from datetime import date

from import_export import fields, resources, widgets

from indicators import models
from regionapi.core.export import formula_cells, spreadsheet_safe, spreadsheet_value
from regionapi.core.history.recording import Channel, change_channel

# Resources by name, for `manage.py import_data` and the admin; apps add theirs with resource_register().
RESOURCES: dict[str, type[resources.ModelResource]] = {}

SKIPPED_FIELDS = {"id", "search_text", "created_at", "updated_at"}


class KeyWidget(widgets.ForeignKeyWidget):
    """A relation given by public key; an unknown key is a field error that names the key, not a crash."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(f"no {self.model._meta.verbose_name} with {self.field} {value!r}") from None


class KeysWidget(widgets.ManyToManyWidget):
    """Several relations given by public keys separated by ';'; unknown keys are a field error."""

    def clean(self, value, row=None, **kwargs):
        records = super().clean(value, row, **kwargs)
        wanted = {key.strip() for key in str(value or "").split(self.separator) if key.strip()}
        missing = wanted - {str(getattr(record, self.field)) for record in records}
        if missing:
            raise ValueError(f"no {self.model._meta.verbose_name} with {self.field} {', '.join(sorted(missing))}")
        return records


class IsoDateWidget(widgets.DateWidget):
    """A date: ISO 8601 (what exports write) read directly, other formats as import-export reads them (strptime
    with each format in turn, ten times slower: a large import reads two dates a row)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        return super().clean(value, row, **kwargs)


class NaturalKeyResource(resources.ModelResource):
    """Base resource: matched on the public key, related records by theirs, validated by the model's rules."""

    # A long text (a quote, a note) reads an empty cell as "" like a short one: import-export's default widget
    # made it None, which the NOT NULL column refused, so a record with an empty quote could not be imported back.
    WIDGETS_MAP = {**resources.ModelResource.WIDGETS_MAP, "TextField": widgets.CharWidget, "DateField": IsoDateWidget}

    def import_data(self, dataset, *args, **kwargs):
        """The import's result, plus `formula_warnings`: each cell whose value, as imported, looks like a spreadsheet
        formula (the admin's preview and `manage.py import_data` list them)."""
        kwargs.setdefault("use_transactions", True)
        kwargs.setdefault("rollback_on_validation_errors", True)
        _cells_map(dataset, spreadsheet_value)  # an exported file's neutralised formulas read back as they were
        warnings = formula_cells(dataset.headers or [], dataset)
        with change_channel(Channel.IMPORT):
            result = super().import_data(dataset, *args, **kwargs)
        result.formula_warnings = warnings
        return result

    def export(self, *args, **kwargs):
        """The rows, every cell safe to open in a spreadsheet (see regionapi.core.export.spreadsheet_safe)."""
        dataset = super().export(*args, **kwargs)
        _cells_map(dataset, spreadsheet_safe)
        return dataset


def _cells_map(dataset, function) -> None:
    """Apply `function` to every cell of a tablib dataset, in place."""
    rows = [tuple(function(cell) for cell in row) for row in dataset]
    for index, row in enumerate(rows):
        dataset[index] = row


def resource_for(model, *, name: str) -> type[NaturalKeyResource]:
    """A resource for `model`: every editable field, translated fields per language, relations by public key."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        translated = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        translated = set()
    attrs = {}
    names = []
    for field in model._meta.get_fields():
        if (
            field.auto_created
            or field.name in SKIPPED_FIELDS
            or field.name in translated
            or not getattr(field, "editable", True)
        ):
            continue
        if field.many_to_many:
            key = field.related_model.natural_key_fields[0]
            attrs[field.name] = fields.Field(
                attribute=field.name,
                column_name=field.name,
                widget=KeysWidget(field.related_model, field=key, separator=";"),
            )
        elif field.many_to_one:
            key = field.related_model.natural_key_fields[0]
            attrs[field.name] = fields.Field(
                attribute=field.name, column_name=field.name, widget=KeyWidget(field.related_model, field=key)
            )
        names.append(field.name)
    key_field = model.natural_key_fields[0]
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": tuple(names),
            "import_id_fields": (key_field,),
            "skip_unchanged": True,
            "report_skipped": True,
            "clean_model_instances": True,
        },
    )
    resource = type(f"{model.__name__}Resource", (NaturalKeyResource,), {**attrs, "Meta": meta})
    RESOURCES[name] = resource
    return resource


SourceResource = resource_for(models.Source, name="sources")
RegionResource = resource_for(models.Region, name="regions")
LocalityResource = resource_for(models.Locality, name="localities")
SectorResource = resource_for(models.Sector, name="sectors")
EnterpriseResource = resource_for(models.Enterprise, name="enterprises")
ProductResource = resource_for(models.Product, name="products")
IndicatorResource = resource_for(models.Indicator, name="indicators")
ObservationResource = resource_for(models.Observation, name="observations")
