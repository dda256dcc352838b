"""The status of a duty of candour record is worked out in two places — in Python for one
record (`status_on`) and in SQL for the lists and the API (`with_status`) — so each
combination of the facts the rule reads is checked to give the same answer in both: not
possible or not, conversation and letter dates present or not, the letter on, before or after
the deadline, and the deadline before, on or after today."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from quadrant.assurance.incidents.candour.choices import CandourStatus, NotPossibleReason
from quadrant.assurance.incidents.candour.models import CandourRecord

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def test_python_and_sql_agree_on_every_combination(record, today):
    seen = set()
    combinations = itertools.product(
        (False, True),  # not possible
        (None, -1),  # conversation (days from the deadline)
        (None, -1, 0, 1),  # letter (days from the deadline)
        (-1, 0, 1),  # the deadline, days from today
    )
    for not_possible, conversation, letter, deadline_shift in combinations:
        deadline = today + deadline_shift * DAY
        CandourRecord.objects.filter(pk=record.pk).update(
            not_possible=not_possible,
            not_possible_reason=NotPossibleReason.DECLINED if not_possible else "",
            deadline=deadline,
            conversation_on=None if conversation is None else deadline + conversation * DAY,
            letter_on=None if letter is None else deadline + letter * DAY,
        )
        fresh = CandourRecord.objects.get(pk=record.pk)
        in_sql = CandourRecord.objects.with_status(today).get(pk=record.pk).current_status
        in_python = fresh.status_on(today)
        assert in_sql == in_python, (not_possible, conversation, letter, deadline_shift)
        open_in_sql = CandourRecord.objects.open_on(today).filter(pk=record.pk).exists()
        assert open_in_sql == (in_python in (CandourStatus.DUE, CandourStatus.OVERDUE))
        overdue_in_sql = CandourRecord.objects.overdue_on(today).filter(pk=record.pk).exists()
        assert overdue_in_sql == (in_python == CandourStatus.OVERDUE)
        seen.add(in_python)
    assert seen == set(CandourStatus)
