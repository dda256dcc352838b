"""Background tasks of planning."""
