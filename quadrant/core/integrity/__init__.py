"""Integrity of the stored data: append-only guards on the logs, backup, restore and checks."""
