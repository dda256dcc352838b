"""Editing a strategy and its strategic aims: the edit pages, add / rename / reorder / archive an
aim, each audited old → new, a stale copy never saved over a newer one, an aim with live goals
never archived, and nobody without "edit goals" at the strategy's unit let in."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from quadrant.core.models import HistoryEvent
from quadrant.core.testing.actors import quality_lead
from quadrant.planning import services
from quadrant.planning.forms import GoalFields
from quadrant.planning.models import Goal, StrategicAim, Strategy

from .conftest import make_goal

pytestmark = pytest.mark.django_db


def history_rows(obj, action):
    return HistoryEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        action=action,
    ).order_by("id")


def add_aim(strategy, title):
    return services.add_strategic_aim(strategy, title, actor=quality_lead())


def live_titles(strategy):
    return list(
        StrategicAim.objects.filter(strategy=strategy, archived_at__isnull=True)
        .order_by("order", "pk")
        .values_list("title", flat=True)
    )


# ---------------------------------------------------------------- the strategy page


def test_edit_links_only_for_people_who_may_edit_goals_at_the_strategys_unit(cascade, client_for):
    url = cascade.strategy.get_absolute_url()
    page = client_for("quality").get(url).content.decode()
    for name, pk in [("strategy_edit", cascade.strategy.pk), ("aim_create", cascade.strategy.pk),
                     ("aim_edit", cascade.aim.pk), ("aim_archive", cascade.aim.pk)]:  # fmt: skip
        assert reverse(f"planning:{name}", args=[pk]) in page
    for reader in ("staff", "manager"):  # both read the trust's strategy; neither edits it
        page = client_for(reader).get(url).content.decode()
        assert "Edit strategy" not in page and "Add an aim" not in page
        assert reverse("planning:aim_edit", args=[cascade.aim.pk]) not in page
        assert reverse("planning:aim_move", args=[cascade.aim.pk]) not in page


# ---------------------------------------------------------------- edit the strategy


def test_edit_strategy_saves_and_audits_old_and_new(cascade, client_for, people):
    client = client_for("quality")
    url = reverse("planning:strategy_edit", args=[cascade.strategy.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "Quality Strategy 2024/25–2026/27" in form.content.decode()
    response = client.post(
        url,
        {"title": "Quality Strategy 2024–2028", "first_year": 2024, "last_year": 2027,
         "summary": "Safer care, every ward.", "version": 1},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == cascade.strategy.get_absolute_url()
    strategy = Strategy.objects.get(pk=cascade.strategy.pk)
    assert (strategy.title, strategy.last_year, strategy.version) == (
        "Quality Strategy 2024–2028", 2027, 2,
    )  # fmt: skip
    row = history_rows(strategy, "update").last()
    assert row.actor_id == people["quality"].pk
    assert row.changes["title"] == [
        "Quality Strategy 2024/25–2026/27",
        "Quality Strategy 2024–2028",
    ]
    assert row.changes["last_year"] == [2026, 2027]
    assert row.changes["summary"] == ["", "Safer care, every ward."]


def test_stale_strategy_edit_gets_the_conflict_page_and_saves_nothing(cascade, client_for):
    client = client_for("quality")
    url = reverse("planning:strategy_edit", args=[cascade.strategy.pk])
    client.get(url)  # opened at version 1
    services.update_strategy(cascade.strategy, {"title": "Renamed meanwhile"}, actor=quality_lead())
    response = client.post(
        url, {"title": "My title", "first_year": 2024, "last_year": 2026, "version": 1}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "was changed while you were editing it" in html
    assert "Renamed meanwhile" in html and "My title" in html
    assert Strategy.objects.get(pk=cascade.strategy.pk).title == "Renamed meanwhile"


def test_strategy_years_out_of_order_are_refused_on_the_last_year(cascade, client_for):
    url = reverse("planning:strategy_edit", args=[cascade.strategy.pk])
    response = client_for("quality").post(
        url, {"title": "Backwards", "first_year": 2026, "last_year": 2024, "version": 1}
    )
    assert response.status_code == 400
    assert "Last financial year: The strategy must end in or after the year it starts" in (
        response.content.decode()
    )
    assert Strategy.objects.get(pk=cascade.strategy.pk).title != "Backwards"
    with pytest.raises(ValidationError) as refused:
        services.update_strategy(cascade.strategy, {"first_year": 2030}, actor=quality_lead())
    assert "last_year" in refused.value.message_dict


def test_a_year_outside_the_usual_range_stays_editable(org, client_for):
    strategy = services.create_strategy(
        title="Old strategy",
        org_unit=org.trust,
        first_year=2012,
        last_year=2014,
        actor=quality_lead(),
    )
    client = client_for("quality")
    url = reverse("planning:strategy_edit", args=[strategy.pk])
    assert 'value="2012" selected' in client.get(url).content.decode()
    response = client.post(
        url, {"title": "Old strategy (ended)", "first_year": 2012, "last_year": 2014, "version": 1}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "x", "first_year": "abc", "last_year": "2024", "version": "1"},
        {"title": "x" * 201, "first_year": 2024, "last_year": 2024, "version": 1},
        {"title": "x", "first_year": 2024, "last_year": 2024, "version": "stale"},
        {"title": "   ", "first_year": 2024, "last_year": 2024, "version": 1},
    ],
)
def test_bad_strategy_input_gets_a_form_with_errors_not_a_crash(cascade, client_for, data):
    url = reverse("planning:strategy_edit", args=[cascade.strategy.pk])
    response = client_for("quality").post(url, data)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


# ---------------------------------------------------------------- aims


def test_add_an_aim_at_the_end_audited(cascade, client_for, people):
    url = reverse("planning:aim_create", args=[cascade.strategy.pk])
    client = client_for("quality")
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": " Care that is kind ", "description": "Every time."})
    aim = StrategicAim.objects.get(title="Care that is kind")
    assert response.status_code == 302
    assert response["Location"] == aim.get_absolute_url()
    assert live_titles(cascade.strategy) == ["Zero avoidable harm", "Care that is kind"]
    row = history_rows(aim, "create").get()
    assert row.actor_id == people["quality"].pk and row.changes["title"] == [None, aim.title]
    empty = client.post(url, {"title": "  "})
    assert empty.status_code == 400 and "Enter the aim" in empty.content.decode()


def test_rename_an_aim_audited_old_and_new(cascade, client_for, people):
    url = reverse("planning:aim_edit", args=[cascade.aim.pk])
    client = client_for("quality")
    assert 'value="Zero avoidable harm"' in client.get(url).content.decode()
    response = client.post(url, {"title": "No avoidable harm", "description": "", "version": 1})
    assert response.status_code == 302
    aim = StrategicAim.objects.get(pk=cascade.aim.pk)
    assert aim.title == "No avoidable harm"
    row = history_rows(aim, "update").last()
    assert row.actor_id == people["quality"].pk
    assert row.changes == {"title": ["Zero avoidable harm", "No avoidable harm"]}


def test_stale_aim_edit_gets_the_conflict_page(cascade, client_for):
    url = reverse("planning:aim_edit", args=[cascade.aim.pk])
    services.update_strategic_aim(cascade.aim, {"title": "Changed first"}, actor=quality_lead())
    response = client_for("quality").post(url, {"title": "Changed second", "version": 1})
    assert response.status_code == 409
    assert StrategicAim.objects.get(pk=cascade.aim.pk).title == "Changed first"


def test_reorder_aims_up_and_down_audited(cascade, client_for):
    kind = add_aim(cascade.strategy, "Care that is kind")
    timely = add_aim(cascade.strategy, "Care without waiting")
    client = client_for("quality")
    move = reverse("planning:aim_move", args=[timely.pk])
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert live_titles(cascade.strategy) == [
        "Zero avoidable harm", "Care without waiting", "Care that is kind",
    ]  # fmt: skip
    assert history_rows(timely, "update").last().changes == {"order": [2, 1]}
    assert history_rows(kind, "update").last().changes == {"order": [1, 2]}
    client.post(reverse("planning:aim_move", args=[cascade.aim.pk]), {"direction": "down"})
    assert live_titles(cascade.strategy)[:2] == ["Care without waiting", "Zero avoidable harm"]
    page = client.post(move, {"direction": "up"}, follow=True)
    assert "is already the first: nothing moved" in page.content.decode()
    page = client.post(move, {"direction": "sideways"}, follow=True)
    assert page.status_code == 200
    assert "Choose whether to move the aim up or down" in page.content.decode()


def test_archiving_an_aim_with_live_goals_is_refused_naming_how_many(cascade, client_for):
    url = reverse("planning:aim_archive", args=[cascade.aim.pk])
    client = client_for("quality")
    page = client.get(url).content.decode()
    assert "7 live goals still hang" in page  # the trust priority and its cascade
    assert "Archive the aim</button>" not in page
    response = client.post(url, {"version": 1})
    assert response.status_code == 400
    assert (
        "The aim “Zero avoidable harm” cannot be archived: 7 live goals still hang from it"
        in response.content.decode()
    )
    assert StrategicAim.objects.get(pk=cascade.aim.pk).archived_at is None
    assert not history_rows(cascade.aim, "archive").exists()


def test_one_live_goal_is_named_in_the_singular(org, cascade):
    aim = add_aim(cascade.strategy, "Care that is kind")
    make_goal(org.trust, "Kindness", aim=aim)
    make_goal(org.trust, "Old kindness goal", aim=aim, status="closed")  # not live
    with pytest.raises(ValidationError, match="1 live goal still hangs from it"):
        services.archive_strategic_aim(aim, actor=quality_lead())


def test_archive_an_aim_without_live_goals(org, cascade, client_for, api_for, people):
    aim = add_aim(cascade.strategy, "Care that is kind")
    make_goal(org.trust, "Kindness 2023", aim=aim, status="achieved")  # history, not live
    client = client_for("quality")
    url = reverse("planning:aim_archive", args=[aim.pk])
    assert "Archive the aim</button>" in client.get(url).content.decode()
    response = client.post(url, {"version": 1})
    assert response.status_code == 302
    assert response["Location"] == cascade.strategy.get_absolute_url()
    row = history_rows(aim, "archive").get()
    assert row.actor_id == people["quality"].pk and row.changes["archived_at"][0] is None
    page = client.get(response["Location"]).content.decode()
    assert "has been archived" in page and f'id="aim-{aim.pk}"' not in page
    assert client.get(url).status_code == 404  # an archived aim is not edited again
    listed = client.get(reverse("planning:home")).content.decode()
    assert "Care that is kind" not in listed
    api = api_for("quality").get("/api/v1/strategies/").json()["results"]
    assert api[0]["aims"] == ["Zero avoidable harm"]
    choices = GoalFields(user=people["quality"]).fields["aim"].queryset
    assert aim not in choices and cascade.aim in choices
    with pytest.raises(ValidationError, match="has been archived: choose a live aim"):
        make_goal(org.trust, "Kindness 2027", aim=aim)


def test_stale_archive_gets_the_conflict_page(cascade, client_for):
    aim = add_aim(cascade.strategy, "Care that is kind")
    services.update_strategic_aim(aim, {"description": "Changed meanwhile"}, actor=quality_lead())
    response = client_for("quality").post(
        reverse("planning:aim_archive", args=[aim.pk]), {"version": 1}
    )
    assert response.status_code == 409
    assert StrategicAim.objects.get(pk=aim.pk).archived_at is None


# ---------------------------------------------------------------- refusals


def _pages(cascade):
    strategy, aim = cascade.strategy.pk, cascade.aim.pk
    return [
        (reverse("planning:strategy_edit", args=[strategy]),
         {"title": "Taken over", "first_year": 2024, "last_year": 2026, "version": 1}),
        (reverse("planning:aim_create", args=[strategy]), {"title": "Taken over"}),
        (reverse("planning:aim_edit", args=[aim]), {"title": "Taken over", "version": 1}),
        (reverse("planning:aim_archive", args=[aim]), {"version": 1}),
    ]  # fmt: skip


@pytest.mark.parametrize("username", ["staff", "manager"])
def test_people_who_may_not_edit_goals_at_the_trust_are_refused_everywhere(
    cascade, client_for, username
):
    """Staff (and a ward manager) read the trust's strategy but may not change it: 403 on
    every page and every POST, and nothing is written."""
    add_aim(cascade.strategy, "Second aim")
    client = client_for(username)
    before = HistoryEvent.objects.count()
    for url, data in _pages(cascade):
        page = client.get(url)
        assert page.status_code == 403, url
        assert "edit goals and driver diagrams" in page.content.decode()
        assert client.post(url, data).status_code == 403, url
    move = reverse("planning:aim_move", args=[cascade.aim.pk])
    assert client.post(move, {"direction": "down"}).status_code == 403
    assert HistoryEvent.objects.count() == before
    assert Strategy.objects.get(pk=cascade.strategy.pk).title == cascade.strategy.title
    assert live_titles(cascade.strategy) == ["Zero avoidable harm", "Second aim"]


def test_a_strategy_one_may_not_see_is_not_found(org, client_for):
    strategy = services.create_strategy(
        title="Surgery's strategy", org_unit=org.surgery, first_year=2024, last_year=2026,
        aims=["Safer theatres"], actor=quality_lead(),
    )  # fmt: skip
    aim = strategy.aims.get()
    client = client_for("manager")  # Ward A: Surgery is neither above nor below
    assert client.get(reverse("planning:strategy_edit", args=[strategy.pk])).status_code == 404
    assert client.get(reverse("planning:aim_edit", args=[aim.pk])).status_code == 404
    assert client.post(reverse("planning:aim_move", args=[aim.pk])).status_code == 404


def test_a_ward_manager_edits_their_wards_own_strategy(org, client_for):
    strategy = services.create_strategy(
        title="Ward A plan",
        org_unit=org.ward_a,
        first_year=2025,
        last_year=2025,
        actor=quality_lead(),
    )
    client = client_for("manager")
    assert "Edit strategy" in client.get(strategy.get_absolute_url()).content.decode()
    url = reverse("planning:aim_create", args=[strategy.pk])
    assert client.post(url, {"title": "Fewer falls"}).status_code == 302
    assert Goal.objects.count() == 0 and live_titles(strategy) == ["Fewer falls"]
