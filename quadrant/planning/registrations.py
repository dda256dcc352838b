"""Registered in PlanningConfig.ready()."""
