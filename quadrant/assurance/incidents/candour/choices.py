"""The fixed lists of the duty of candour: the nations whose bank holidays the clock skips,
where a record is, and why meeting the duty may not be possible."""

from __future__ import annotations

from django.db import models

from quadrant.assurance.incidents.candour.clock import NATIONS

NATION_CHOICES = list(NATIONS)


class CandourStatus(models.TextChoices):
    """Where a record is (derived, never stored: 'overdue' depends on today)."""

    DUE = "due", "Due"
    OVERDUE = "overdue", "Overdue"
    DONE_ON_TIME = "done_on_time", "Done on time"
    DONE_LATE = "done_late", "Done late"
    NOT_POSSIBLE = "not_possible", "Not possible"


#: The statuses of a record that still needs the safety team.
OPEN_STATUSES = (CandourStatus.DUE, CandourStatus.OVERDUE)

#: The tag colour of each status on the pages (NHS.UK tag modifiers).
STATUS_TAGS = {
    CandourStatus.DUE: "blue",
    CandourStatus.OVERDUE: "red",
    CandourStatus.DONE_ON_TIME: "green",
    CandourStatus.DONE_LATE: "orange",
    CandourStatus.NOT_POSSIBLE: "grey",
}


class NotPossibleReason(models.TextChoices):
    """Why the notification could not be made: each stops the clock, with the reason kept."""

    DECLINED = "declined", "The patient (or their representative) declined to be told"
    UNCONTACTABLE = "uncontactable", "The patient or their family could not be contacted"
    NO_REPRESENTATIVE = "no_representative", "The patient died and there is no one to tell"
    OTHER = "other", "Another reason (say what)"
