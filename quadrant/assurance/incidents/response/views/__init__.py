"""The pages of triage and learning responses: the triage queue and an event's triage panel,
the responses (list and page) and the response plan."""
