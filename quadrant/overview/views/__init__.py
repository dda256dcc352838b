"""The composed pages."""
