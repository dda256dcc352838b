"""Planning pages: strategies, the goal cascade, a goal's golden thread and the Quality Account.

Every page starts from restrict()/units_where(); writes go through planning.services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from quadrant.core.permissions import Capability, may, require, restrict
from quadrant.core.security import exported
from quadrant.core.views.generic import (
    VersionedUpdateView,
    form_page,
    stream_csv,
    visible_or_404,
)
from quadrant.core.views.history import history_url
from quadrant.planning import forms, services
from quadrant.planning.choices import GoalStatus
from quadrant.planning.models import (
    Goal,
    GoalMeasure,
    QualityAccountPriority,
    StrategicAim,
    Strategy,
)
from quadrant.planning.periods import year_label, year_of, years_in_words
from quadrant.planning.progress import RULE, goal_progress, goals_progress
from quadrant.planning.tree import render_tree, thread, trust_tree, visible_goals

PLANNING_CRUMB = {"label": "Planning", "url": reverse_lazy("planning:home")}
QUALITY_ACCOUNT_MAX_DEPTH = 1  # the organisation (0) and its divisions (1)
GOALS_CRUMB = {"label": "Goals", "url": reverse_lazy("planning:goals")}


_visible = visible_or_404


@login_required
def planning_home(request: HttpRequest) -> HttpResponse:
    strategies = restrict(Strategy.objects.all(), request.user, Capability.VIEW).filter(
        archived_at__isnull=True
    )
    context = {
        "strategies": strategies.select_related("org_unit").prefetch_related(
            Prefetch("aims", queryset=StrategicAim.objects.filter(archived_at__isnull=True))
        ),
        "can_edit": may(request.user, Capability.EDIT_GOALS),
    }
    return render(request, "planning/home.html", context)


@login_required
def strategy_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.EDIT_GOALS)
    form = forms.StrategyForm(request.POST or None, user=request.user)

    def save(data: dict[str, Any]) -> Strategy:
        aims = [line.strip() for line in data.pop("aims").splitlines() if line.strip()]
        return services.create_strategy(actor=request.user, aims=aims, **data)

    return form_page(
        request,
        form,
        save,
        success=lambda strategy: f"“{strategy}” has been added.",
        title="Add a strategy",
        breadcrumbs=[PLANNING_CRUMB],
    )


@login_required
def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _visible(Strategy, request.user, pk)
    goals = visible_goals(request.user).filter(aim__strategy=strategy, parent__isnull=True)
    by_aim: dict[int | None, list[Goal]] = {}
    for goal in goals:
        by_aim.setdefault(goal.aim_id, []).append(goal)
    progress = goals_progress(goal.pk for goals in by_aim.values() for goal in goals)
    aims = [
        (aim, [(goal, progress[goal.pk]) for goal in by_aim.get(aim.pk, [])])
        for aim in strategy.aims.filter(archived_at=None)
    ]
    context = {
        "strategy": strategy,
        "aims": aims,
        "can_edit": may(request.user, Capability.EDIT_GOALS, strategy),
        "breadcrumbs": [PLANNING_CRUMB],
        "history_url": history_url(strategy),
    }
    return render(request, "planning/strategy_detail.html", context)


def _strategy_crumb(strategy: Strategy) -> dict[str, Any]:
    return {"label": strategy.title, "url": strategy.get_absolute_url()}


def _editable_strategy(user: Any, pk: int) -> Strategy:
    """The strategy PK if USER may see it (else 404) and edit goals at its unit (else 403)."""
    strategy: Strategy = _visible(Strategy, user, pk)
    require(user, Capability.EDIT_GOALS, strategy)
    return strategy


def _editable_aim(user: Any, pk: int) -> StrategicAim:
    """A live aim USER may see (else 404) and whose strategy they may edit (else 403)."""
    related = StrategicAim.objects.select_related("strategy__org_unit")
    aim: StrategicAim = visible_or_404(StrategicAim, user, pk, related, live=True)
    require(user, Capability.EDIT_GOALS, aim.strategy)
    return aim


class PlanningEditView(VersionedUpdateView):
    """A versioned edit on the shared form page; a form with errors answers 400."""

    template_name = "core/form.html"

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class StrategyEditView(PlanningEditView):
    form_class = forms.StrategyEditForm
    success_message = "Your changes to “{object}” have been saved."

    def get_object(self) -> Strategy:
        return _editable_strategy(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        keep = (self.object.first_year, self.object.last_year)
        return {**super().get_form_kwargs(), "keep_years": keep}

    def save(self, changes: dict[str, Any], expected_version: int) -> Strategy:
        return services.update_strategy(
            self.object, changes, actor=self.request.user, expected_version=expected_version
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"Edit “{self.object}”",
            lede="Its strategic aims are added, renamed, reordered and archived from the "
            "strategy's page.",
            breadcrumbs=[PLANNING_CRUMB, _strategy_crumb(self.object)],
        )
        return context


@login_required
def aim_create(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _editable_strategy(request.user, pk)
    return form_page(
        request,
        forms.AimForm(request.POST or None),
        lambda data: services.add_strategic_aim(strategy, actor=request.user, **data),
        success=lambda aim: f"The aim “{aim}” has been added to “{strategy}”.",
        title=f"Add an aim to “{strategy}”",
        submit_label="Add the aim",
        cancel_url=strategy.get_absolute_url(),
        breadcrumbs=[PLANNING_CRUMB, _strategy_crumb(strategy)],
    )


class AimEditView(PlanningEditView):
    form_class = forms.AimEditForm
    success_message = "The aim “{object}” has been saved."

    def get_object(self) -> StrategicAim:
        return _editable_aim(self.request.user, self.kwargs["pk"])

    def save(self, changes: dict[str, Any], expected_version: int) -> StrategicAim:
        return services.update_strategic_aim(
            self.object, changes, actor=self.request.user, expected_version=expected_version
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"Edit the aim “{self.object}”",
            breadcrumbs=[PLANNING_CRUMB, _strategy_crumb(self.object.strategy)],
        )
        return context


class AimArchiveView(PlanningEditView):
    """Archive an aim: refused, naming how many, while live goals still hang from it."""

    form_class = forms.ArchiveForm
    template_name = "planning/aim_archive.html"
    success_message = "The aim “{object}” has been archived. Its history is kept."

    def get_object(self) -> StrategicAim:
        return _editable_aim(self.request.user, self.kwargs["pk"])

    def save(self, changes: dict[str, Any], expected_version: int) -> StrategicAim:
        return services.archive_strategic_aim(
            self.object, actor=self.request.user, expected_version=expected_version
        )

    def get_cancel_url(self) -> str:
        return str(self.object.get_absolute_url())

    def get_success_url(self) -> str:
        return str(self.object.strategy.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        live = services.live_goals_under(self.object)
        goals = visible_goals(self.request.user).filter(
            aim=self.object, status__in=[GoalStatus.DRAFT, GoalStatus.ACTIVE]
        )
        context.update(
            aim=self.object,
            live_count=live,
            live_goals=list(goals[:20]) if live else [],
            breadcrumbs=[PLANNING_CRUMB, _strategy_crumb(self.object.strategy)],
        )
        return context


@login_required
@require_POST
def aim_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an aim up or down among its strategy's aims."""
    aim = _editable_aim(request.user, pk)
    direction = request.POST.get("direction", "")
    try:
        moved = services.reorder_strategic_aim(aim, direction, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if moved:
            messages.success(request, f"The aim “{aim}” has been moved {direction}.")
        else:
            end = "first" if direction == "up" else "last"
            messages.info(request, f"The aim “{aim}” is already the {end}: nothing moved.")
    return redirect(aim.get_absolute_url())


@login_required
def goal_tree(request: HttpRequest) -> HttpResponse:
    """Every goal the person may read, as one tree, each with its rolled-up progress (a fixed
    number of queries: the roll-up of the whole tree is kept while its data is unchanged)."""
    rows = trust_tree(request.user)
    context = {
        "count": len(rows),
        "tree": render_tree(rows, goals_progress(row.pk for row, _ in rows)),
        "rule": RULE,
        "can_edit": may(request.user, Capability.EDIT_GOALS),
        "breadcrumbs": [PLANNING_CRUMB],
    }
    return render(request, "planning/goal_tree.html", context)


@login_required
def goal_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.EDIT_GOALS)
    initial: dict[str, Any] = {"first_year": year_of(dt.date.today())}
    initial["last_year"] = initial["first_year"]
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        parent = _visible(Goal, request.user, int(parent_id))
        initial.update(
            parent=parent,
            aim=parent.aim,
            first_year=parent.first_year,
            last_year=parent.last_year,
            review_cadence=parent.review_cadence,
            domains=list(parent.domains.all()),
        )
    return form_page(
        request,
        forms.GoalFields(request.POST or None, user=request.user, initial=initial),
        lambda data: services.create_goal(actor=request.user, **data),
        success=lambda goal: f"The goal “{goal}” has been added.",
        title="Add a goal",
        breadcrumbs=[PLANNING_CRUMB, GOALS_CRUMB],
    )


@login_required
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The golden thread: statement, progress, the cascade around the goal, what is linked."""
    goal = _visible(Goal, request.user, pk)
    links = list(
        GoalMeasure.objects.filter(goal=goal, archived_at__isnull=True).select_related("measure")
    )
    ancestors, descendants = thread(goal, request.user)
    can_edit = may(request.user, Capability.EDIT_GOALS, goal)
    progress = goals_progress([goal.pk, *(row.pk for row, _ in descendants)])
    context = {
        "goal": goal,
        "progress": progress.get(goal.pk) or goal_progress(goal, links),
        "rule": RULE,
        "links": links,
        "ancestors": ancestors,
        "descendants": render_tree(descendants, progress),
        "diagrams": restrict(goal.driver_diagrams.all(), request.user, Capability.VIEW).filter(
            archived_at__isnull=True
        ),
        "can_edit": can_edit,
        "link_form": forms.MeasureLinkForm(user=request.user) if can_edit else None,
        "breadcrumbs": [PLANNING_CRUMB, GOALS_CRUMB],
        "history_url": history_url(goal),
    }
    return render(request, "planning/goal_detail.html", context)


class GoalEditView(VersionedUpdateView):
    form_class = forms.GoalEditForm
    template_name = "core/form.html"
    success_message = "Your changes to “{object}” have been saved."

    def get_object(self) -> Goal:
        goal: Goal = _visible(Goal, self.request.user, self.kwargs["pk"])
        require(self.request.user, Capability.EDIT_GOALS, goal)
        return goal

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {**super().get_initial(), "domains": list(self.object.domains.all())}

    def save(self, changes: dict[str, Any], expected_version: int) -> Goal:
        return services.update_goal(
            self.object, changes, actor=self.request.user, expected_version=expected_version
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title=f"Edit “{self.object}”", breadcrumbs=[PLANNING_CRUMB, GOALS_CRUMB])
        return context


@login_required
@require_POST
def goal_link_measure(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _visible(Goal, request.user, pk)
    require(request.user, Capability.EDIT_GOALS, goal)
    form = forms.MeasureLinkForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.link_measure(
                goal, form.cleaned_data["code"], form.cleaned_data["role"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{form.cleaned_data['code']} is now linked to “{goal}”.")
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect(goal)


@login_required
@require_POST
def goal_unlink_measure(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    goal = _visible(Goal, request.user, pk)
    link = GoalMeasure.objects.filter(goal=goal, pk=link_pk).select_related("measure").first()
    if link is None:
        raise Http404("That measure is not linked to this goal.")
    services.unlink_measure(link, actor=request.user)
    messages.success(request, f"{link.measure} is no longer linked to “{goal}”.")
    return redirect(goal)


# ---------------------------------------------------------------- Quality Account


class NoSuchYear(Exception):
    """A Quality Account year that is not a number or has no Quality Account."""

    def __init__(self, asked: str, years: list[int]) -> None:
        super().__init__(asked)
        self.asked, self.years = asked, years


def _priority_years(user: Any) -> list[int]:
    """The financial years with Quality Account priorities USER may see (one query)."""
    found = (
        restrict(QualityAccountPriority.objects.all(), user, Capability.VIEW)
        .filter(archived_at__isnull=True)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(set(found))


def _candidate_years(user: Any) -> set[int]:
    """The financial years in which a goal that may be a priority runs (one query)."""
    spans = (
        visible_goals(user)
        .filter(org_unit__depth__lte=QUALITY_ACCOUNT_MAX_DEPTH)
        .order_by()
        .values_list("first_year", "last_year")
        .distinct()
    )
    return {year for first, last in spans for year in range(first, last + 1)}


def _account_years(user: Any) -> tuple[list[int], list[int]]:
    """(the years there is a Quality Account for, those of them with priorities). A year
    has one when it has priorities USER may see; for someone who may choose priorities,
    also when a goal that may be chosen runs that year."""
    with_priorities = _priority_years(user)
    years = set(with_priorities)
    if may(user, Capability.EDIT_GOALS):
        years |= _candidate_years(user)
    return sorted(years), with_priorities


def _year(request: HttpRequest) -> tuple[int | None, list[int]]:
    """The year asked for (by default the latest with priorities) and the years there are;
    NoSuchYear for any other."""
    years, with_priorities = _account_years(request.user)
    asked = (request.GET.get("year") or request.POST.get("year") or "").strip()
    if not asked:
        if with_priorities:
            return with_priorities[-1], years
        current = year_of(dt.date.today())
        return (current if current in years else max(years, default=None)), years
    if asked.isdigit() and len(asked) <= 4 and int(asked) in years:
        return int(asked), years
    raise NoSuchYear(asked, years)


def _no_such_year(request: HttpRequest, error: NoSuchYear, what: str = "") -> HttpResponse:
    """The 404 page for a year with no Quality Account, naming the years there are (and, for
    an export, that there is nothing to WHAT)."""
    asked = error.asked
    named = year_label(int(asked)) if asked.isdigit() and len(asked) == 4 else f"“{asked[:20]}”"
    if not error.years:
        there = "There is no Quality Account yet."
    elif len(error.years) == 1:
        there = f"There is a Quality Account for {year_label(error.years[0])} only."
    else:
        there = f"There are Quality Accounts for {years_in_words(error.years)}."
    title = f"There is no Quality Account for {named}"
    nothing = f", so there is nothing to {what}" if what else ""
    context = {"title": title, "message": f"{title}{nothing}. {there}"}
    return render(request, "core/error.html", context, status=404)


def _priorities(user: Any, year: int) -> list[QualityAccountPriority]:
    return list(
        restrict(QualityAccountPriority.objects.all(), user, Capability.VIEW)
        .filter(year=year, archived_at__isnull=True)
        .select_related("goal__org_unit", "goal__owner", "goal__aim")
        .prefetch_related("goal__domains")
    )


def _candidates(user: Any, year: int) -> QuerySet[Goal]:
    """Goals that may be a Quality Account priority for YEAR: the organisation's own and its
    divisions' goals running that year, and any goal already chosen (so it can be dropped).
    Ward and team goals are how the priorities are delivered, not priorities themselves."""
    chosen = QualityAccountPriority.objects.filter(year=year).values("goal_id")
    return visible_goals(user).filter(
        Q(org_unit__depth__lte=QUALITY_ACCOUNT_MAX_DEPTH) | Q(pk__in=chosen),
        first_year__lte=year,
        last_year__gte=year,
    )


@login_required
def quality_account(request: HttpRequest) -> HttpResponse:
    """Pick a financial year's priorities from the goals running that year. Opens on the
    latest year with priorities and offers only the years there is a Quality Account for."""
    if request.method == "POST":
        require(request.user, Capability.EDIT_GOALS)
    try:
        year, years = _year(request)
    except NoSuchYear as error:
        return _no_such_year(request, error)
    can_edit = may(request.user, Capability.EDIT_GOALS)
    if year is None:
        context: dict[str, Any] = {"year": None, "priorities": [], "breadcrumbs": [PLANNING_CRUMB]}
        return render(request, "planning/quality_account.html", context)
    candidates = _candidates(request.user, year)
    if request.method == "POST":
        ids = [int(value) for value in request.POST.getlist("goals") if value.isdigit()]
        chosen = {goal.pk: goal for goal in candidates.filter(pk__in=ids)}
        try:
            services.set_quality_account_priorities(
                year, [chosen[i] for i in ids if i in chosen], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"The priorities for {year_label(year)} have been saved.")
        return redirect(reverse("planning:quality_account") + f"?year={year}")
    priorities = _priorities(request.user, year)
    progress = goals_progress(p.goal_id for p in priorities)
    chosen_ids = {p.goal_id for p in priorities}
    context = {
        "year": year,
        "year_label": year_label(year),
        "years": [(value, year_label(value)) for value in years],
        "priorities": [(p, progress[p.goal_id]) for p in priorities],
        "candidates": [(goal, goal.pk in chosen_ids) for goal in candidates] if can_edit else [],
        "can_edit": can_edit,
        "breadcrumbs": [PLANNING_CRUMB],
    }
    return render(request, "planning/quality_account.html", context)


def _nothing_to_export(request: HttpRequest, year: int | None, what: str) -> HttpResponse:
    """No priorities the user may see for YEAR: say so (404) rather than an empty document."""
    if year is None:
        title = "There is no Quality Account yet"
        context = {"title": title, "message": f"{title}, so there is nothing to {what}."}
        return render(request, "core/error.html", context, status=404)
    message = (
        f"There are no Quality Account priorities for {year_label(year)} that you can see, so "
        f"there is nothing to {what}. Choose the priorities on the Quality Account page, or pick "
        "another year."
    )
    context = {"title": f"No Quality Account priorities for {year_label(year)}", "message": message}
    return render(request, "core/error.html", context, status=404)


@login_required
def quality_account_print(request: HttpRequest) -> HttpResponse:
    """The year's priorities, each with its progress rolled up from the goals below it."""
    try:
        year, _ = _year(request)
    except NoSuchYear as error:
        return _no_such_year(request, error, "print")
    priorities = _priorities(request.user, year) if year is not None else []
    if year is None or not priorities:
        return _nothing_to_export(request, year, "print")
    progress = goals_progress(p.goal_id for p in priorities)
    rows = [(p, progress[p.goal_id]) for p in priorities]
    context = {
        "year_label": year_label(year),
        "rows": rows,
        "rule": RULE,
        "breadcrumbs": [PLANNING_CRUMB],
    }
    response = render(request, "planning/quality_account_print.html", context)
    return exported(
        request, response, "Quality Account print", rows=len(rows), filters={"year": year}
    )


@login_required
def quality_account_csv(request: HttpRequest) -> HttpResponseBase:
    try:
        year, _ = _year(request)
    except NoSuchYear as error:
        return _no_such_year(request, error, "download")
    header = [
        "year",
        "order",
        "goal",
        "statement",
        "unit",
        "owner",
        "domains",
        "status",
        "progress",
        "progress reason",
    ]
    priorities = _priorities(request.user, year) if year is not None else []
    if year is None or not priorities:
        return _nothing_to_export(request, year, "download")
    progress = goals_progress(p.goal_id for p in priorities)
    rows = [
        [
            year_label(year),
            index + 1,
            p.goal.title,
            p.goal.statement,
            p.goal.org_unit.name,
            str(p.goal.owner or ""),
            "; ".join(d.name for d in p.goal.domains.all()),
            p.goal.get_status_display(),
            progress[p.goal_id].label,
            progress[p.goal_id].reason,
        ]
        for index, p in enumerate(priorities)
    ]
    response = stream_csv(f"quality-account-{year_label(year).replace('/', '-')}.csv", header, rows)
    return exported(
        request, response, "Quality Account CSV", rows=len(rows), filters={"year": year}
    )
