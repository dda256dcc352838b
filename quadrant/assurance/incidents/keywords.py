"""The words and two-word phrases that recur in what reporters wrote, counted once an event.

Only whole words of letters (three or more) count: numbers, NHS numbers, hospital numbers,
times and dates never do. A word must recur in at least MIN_EVENTS events to be a theme (a
word that appears once says nothing about a pattern, and may say something about someone),
and the caller passes the patients' names of the events read, which are left out too.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
MIN_LENGTH = 3
MIN_EVENTS = 2

# Common English words, and words that every safety report uses (they are not a theme).
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are around as at be because been
    before being below between both but by can could did do does doing done down during each
    few for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours out over own same she should so some such than that the their theirs them
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yet still got get went was
    were one two three four five six seven eight nine ten first second next last also patient
    patients ward staff nurse reported report incident event found time day today later given
    took made without though however within
    """.split()  # noqa: SIM905 - a word list reads best as text
)


def words_of(text: str) -> list[str]:
    """TEXT's words, lower case, without the stop words and words shorter than three letters."""
    return [
        word
        for word in WORD.findall(text.lower())
        if len(word) >= MIN_LENGTH and word not in STOP_WORDS
    ]


def names_to_leave_out(names: Iterable[str]) -> frozenset[str]:
    """The words of patients' names: never shown as keywords, however often they recur."""
    return frozenset(word for name in names for word in WORD.findall(name.lower()))


def count_keywords(
    texts: Iterable[str], *, leave_out: frozenset[str] = frozenset(), phrases: bool = False
) -> Counter[str]:
    """How many of TEXTS use each word (or, with PHRASES, each pair of neighbouring words),
    counted once a text, leaving out LEAVE_OUT and anything in fewer than MIN_EVENTS texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        words = [word for word in words_of(text) if word not in leave_out]
        if phrases:
            counts.update({f"{a} {b}" for a, b in itertools.pairwise(words)})
        else:
            counts.update(set(words))
    return Counter({word: count for word, count in counts.items() if count >= MIN_EVENTS})
