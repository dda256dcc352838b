"""The models of the control component, as Django loads them (app label "control").

Each model is defined in the sub-package of its concept; this module only gathers them (and
default_rule_profile, which the migrations name by this module's path).
"""

from quadrant.control.intake.models import ColumnMapping, DataImport, DataSource
from quadrant.control.measures.models import (
    Annotation,
    Measure,
    MeasureTarget,
    Observation,
    ObservationCorrection,
    default_rule_profile,
)
from quadrant.control.signals.models import Signal
from quadrant.control.summary.models import MeasureStatus

__all__ = [
    "Annotation",
    "ColumnMapping",
    "DataImport",
    "DataSource",
    "Measure",
    "MeasureStatus",
    "MeasureTarget",
    "Observation",
    "ObservationCorrection",
    "Signal",
    "default_rule_profile",
]
