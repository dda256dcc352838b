"""Triage and learning responses the PSIRF way: the organisation's patient safety incident
response plan (versioned rules: which events get which response, by when), the triage that
confirms an event's category and harm and chooses its response, the learning responses
themselves (swarm huddle, after action review, MDT review, PSII, thematic review), their
findings against the SEIPS work-system factors, the engagement of those affected, and the
safety actions that go into the one action tracker, each with the measure that will show
whether it worked."""
