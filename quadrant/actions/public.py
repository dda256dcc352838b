"""What other components may use of the action tracker.

Components that raise actions from their own records (signals, PDSA learning), list the
actions of a record, offer the action form fields, or add a section to the daily digest do so
through this module only; everything else in quadrant.actions is internal to it.

- Action, ActionStatus: the model and its statuses.
- raise_action(...): raise an action (checks the owner, the due date and the actor's rights);
  actions_for_source(record): the actions raised from a record.
- ActionForm, DueDateField, PersonChoiceField, people_for(unit): the form and its fields, for
  pages that raise an action from something of their own.
- ActionSerializer: the API shape of an action, for endpoints that return one.
- DigestLines, register_digest_section(collect), unit_managers(unit), absolute_link(path):
  adding a section to the daily digest email, whom to send it to, and full links in it.
"""

from quadrant.actions.api.views import ActionSerializer
from quadrant.actions.choices import ActionStatus
from quadrant.actions.digest import (
    DigestLines,
    absolute_link,
    register_digest_section,
    review_reminder_due,
    review_wording,
    unit_managers,
)
from quadrant.actions.forms import ActionForm, DueDateField, PersonChoiceField, people_for
from quadrant.actions.models import Action
from quadrant.actions.services import actions_for_source, raise_action

__all__ = [
    "Action",
    "ActionForm",
    "ActionSerializer",
    "ActionStatus",
    "DigestLines",
    "DueDateField",
    "PersonChoiceField",
    "absolute_link",
    "actions_for_source",
    "people_for",
    "raise_action",
    "register_digest_section",
    "review_reminder_due",
    "review_wording",
    "unit_managers",
]
