"""The demonstration organisation: a seeded, repeatable NHS acute trust.

Other components add their own demo data with `register_seed_step` (usually from a
`demo_seed.py` module in their app, which the generator imports), and date it relative to the
step context's `reference_date`, the day the demo is seeded (`demo_today()`), so that the
demo's data is current whenever it is started and identical for a given day.
"""

from quadrant.demo.steps import SeedContext, demo_today, register_seed_step

__all__ = ["SeedContext", "demo_today", "register_seed_step"]
