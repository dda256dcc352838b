"""``python -m quadrant.spc FILE ...``: the same as ``quadrant spc FILE ...``."""

import sys

from .cli import main

sys.exit(main())
