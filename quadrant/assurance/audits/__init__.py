"""Audits and inspections: versioned templates, runs answered on a phone, their scores."""
