"""Frictionless tabular data packages of figures in long format: read, check, import, and export.

A package holds one or more CSV resources with the columns `region_iso, indicator, period_start, period_end,
value, unit` (and optionally `region_name_as_in_source`, `status`, `note`, and the columns of FIGURE_COLUMNS that
carry a figure's public key, breakdown, qualifier, notes in every language and quote), one figure a row, described by
a `datapackage.json` (https://specs.frictionlessdata.io/). The `frictionless` library reads each resource and checks
it against its own schema before anything is written; then every row is checked against the reference data
(known region, unit, indicator, enterprise and product; the indicator's own unit; no figure twice) and by the
model's own rules (Observation's fields and clean(): a period that ends after it starts, a known status...), and the
whole package is refused with a report naming file, row, field and reason if anything is wrong.

A valid package is imported in one transaction by the same loader as the seed (`records_load`): figures an
editor changed since the last import keep the editor's value unless `restore`, a second import changes nothing,
and a new version of a package updates the figures that changed and lists them. Each figure resource becomes one
`Source`: the record the package's sources table describes when the resource names one (`regionapi:source`), or
else one made from the package's own metadata (title, publisher, archived copy, licence as stated, checks and
doubts); every figure links to it. A package may also bring the reference records its figures need as tables
(regions, units, sectors, products, enterprises, indicators, sources: `reference_tables`, which says how they merge
with the records the database holds); they are loaded before the figures, and a key that neither the package nor the
database knows is refused.

`datapackage_export` writes the whole database's figures in this format (every reference table and one figure table
per source), so that importing the export into a database that ran `migrate` only gives the same records. Its tables
are written like every CSV of the project (regionapi.core.export.CSVWriter): a text a spreadsheet would run as a
formula gets a leading `'`. Each resource declares that rule (`regionapi:formula_escape`), and the import takes
the `'` off again only in the resources that declare it, so the round trip is exact and any other package is read as
written.

The modules, one job each: `format` (the properties, columns and problems; cells read and written), `reading` (a
package and its figure rows read and checked), `reference_tables`, `reference_reading` and `reference_loading` (the
reference tables: what they are, read and checked, merged and loaded), `importing` (all of it written in one
transaction) and `exporting` (the database written as a package, and zipped).
"""

from indicators.datapackage.exporting import ZIP_FILENAME, datapackage_export, datapackage_zip, datapackage_zip_write
from indicators.datapackage.format import (
    FORMULA_ESCAPE,
    FORMULA_ESCAPE_PROPERTY,
    FORMULA_ESCAPE_RULE,
    PackageInvalid,
    RowProblem,
)
from indicators.datapackage.importing import datapackage_import
from indicators.datapackage.reference_tables import KEPT_OTHER_LOAD

__all__ = [
    "FORMULA_ESCAPE",
    "FORMULA_ESCAPE_PROPERTY",
    "FORMULA_ESCAPE_RULE",
    "KEPT_OTHER_LOAD",
    "ZIP_FILENAME",
    "PackageInvalid",
    "RowProblem",
    "datapackage_export",
    "datapackage_import",
    "datapackage_zip",
    "datapackage_zip_write",
]
