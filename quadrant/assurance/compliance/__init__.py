"""Compliance with standards per unit, from the audits that evidence them, rolled up the
organisation tree, with its monthly trend as SPC (the rule: rule.py)."""
