"""Patient safety events: reporting (LFPSE's event types and harm levels), restricted patient
details, the reporter's draft, acknowledgement and feedback."""
