"""Pages of safety events: the report form, its acknowledgement, "My reports", the lists of
the managers and the safety team, an event's page and the anonymous reporter's receipt."""
