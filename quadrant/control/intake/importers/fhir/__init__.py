"""FHIR R4 in and out: a measure as a `Measure`, its data as `MeasureReport`s, in a `Bundle`;
problems as an `OperationOutcome`. Resources are validated with the `fhir.resources` library's
R4B models (Measure, MeasureReport and Bundle are the same as R4's for everything used here).

docs/fhir.md says what is accepted and what is refused."""

from quadrant.control.intake.importers.fhir.export import canonical_url, export_bundle
from quadrant.control.intake.importers.fhir.importing import (
    import_reports,
    import_resource,
    table_rows,
)
from quadrant.control.intake.importers.fhir.structure import (
    MAX_BYTES,
    FhirProblem,
    load_json,
    read_file,
)

__all__ = [
    "MAX_BYTES",
    "FhirProblem",
    "canonical_url",
    "export_bundle",
    "import_reports",
    "import_resource",
    "load_json",
    "read_file",
    "table_rows",
]
