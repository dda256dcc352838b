"""Generic and shell views (home, search, errors, health, change history, jobs)."""
