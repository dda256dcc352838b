"""Two versions of a document side by side: their plain text compared line by line
(difflib), each row saying whether it is unchanged, changed, removed or added — in words as
well as colour, for screen readers and for printing."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    kind: str  # "same", "changed", "removed", "added"
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Comparison:
    rows: list[Row]

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind)

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def identical(self) -> bool:
        return all(row.kind == "same" for row in self.rows)


def compare(old_text: str, new_text: str) -> Comparison:
    """OLD_TEXT beside NEW_TEXT, line by line."""
    old, new = old_text.splitlines(), new_text.splitlines()
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [Row("same", line, line) for line in old[i1:i2]]
        elif tag == "delete":
            rows += [Row("removed", line, None) for line in old[i1:i2]]
        elif tag == "insert":
            rows += [Row("added", None, line) for line in new[j1:j2]]
        else:
            before, after = old[i1:i2], new[j1:j2]
            for n in range(max(len(before), len(after))):
                left = before[n] if n < len(before) else None
                right = after[n] if n < len(after) else None
                kind = (
                    "changed"
                    if left is not None and right is not None
                    else ("removed" if right is None else "added")
                )
                rows.append(Row(kind, left, right))
    return Comparison(rows)
