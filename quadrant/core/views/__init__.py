"""Generic and shell views (home, search, errors, health, audit log, jobs)."""
