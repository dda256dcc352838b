"""Statistical process control for Quadrant: Making Data Count charts, exactly and fast.

Numpy only, no Django::

    from quadrant import spc
    r = spc.analyse([...], chart="xmr", improvement="increase", rules="mdc")
    m = spc.analyse_many(values, groups, chart="p", denominators=sizes)

See ``docs/spc.md`` for the options, the rule profiles and their references.
"""

from __future__ import annotations

from .api import analyse
from .errors import SpcInputError
from .many import analyse_many
from .results import SpcManyResult, SpcResult

__all__ = ["SpcInputError", "SpcManyResult", "SpcResult", "analyse", "analyse_many"]
