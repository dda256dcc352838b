"""Quadrant: a whole-organisation Quality Management System for health and care."""

__version__ = "0.1.0"
