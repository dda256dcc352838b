"""The demonstration organisation: a seeded, repeatable NHS acute trust.

Other components add their own demo data with `register_seed_step` (usually from a
`demo_seed.py` module in their app, which the generator imports), and date it no later than
`DEMO_REFERENCE_DATE` so that every run is identical.
"""

from quadrant.demo.steps import DEMO_REFERENCE_DATE, SeedContext, register_seed_step

__all__ = ["DEMO_REFERENCE_DATE", "SeedContext", "register_seed_step"]
