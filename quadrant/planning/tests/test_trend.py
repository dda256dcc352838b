"""The trend of a goal, added up the cascade: a trust priority with no measures of its own
reads its trend from the measures of the goals below it."""

from types import SimpleNamespace

from quadrant.planning.progress import GoalFacts, roll_up
from quadrant.planning.progress.trend import Trend


def readings(*icons: str | None) -> list[SimpleNamespace]:
    return [SimpleNamespace(variation_icon=icon, state="unknown") for icon in icons]


def test_own_measures_are_counted_by_their_variation_icon():
    trend = Trend.of(readings("concern_high", "improvement_low", "common_cause", None))
    assert (trend.concern, trend.improvement, trend.steady, trend.counted) == (1, 1, 1, 3)
    assert trend.text == "Getting worse: special cause of concern on 1 of the 3 measures"


def test_a_goal_without_measures_reads_the_trend_of_its_child_goals():
    ward_a = roll_up(GoalFacts(2, 1), readings("concern_high", "common_cause"), [])
    ward_b = roll_up(GoalFacts(3, 1), readings("improvement_high"), [])
    trust = roll_up(GoalFacts(1, None), [], [ward_a, ward_b])
    assert trust.trend == Trend(concern=1, improvement=1, steady=1, from_below=True)
    assert trust.trend.text == (
        "Getting worse: special cause of concern on 1 of the 3 measures here and below"
    )


def test_improvement_and_no_change_and_nothing_yet_in_words():
    assert Trend(improvement=2, steady=1).text == (
        "Improving: special cause of improvement on 2 of the 3 measures"
    )
    assert Trend(steady=1).text == "No significant change"
    assert Trend(steady=4, from_below=True).text == (
        "No significant change on the 4 measures here and below"
    )
    assert Trend().text == "No trend yet: no measure with enough data"
    assert roll_up(GoalFacts(1, None), readings(None), []).trend.text == Trend().text
