"""The audit pages: templates (built by quality leads) and runs (done by auditors)."""
