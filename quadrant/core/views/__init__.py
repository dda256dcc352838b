"""Generic and shell views (search, errors, health, change history, jobs, accessibility)."""
