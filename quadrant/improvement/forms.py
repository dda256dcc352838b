"""Forms of the improvement pages."""

from __future__ import annotations

from typing import Any

from django import forms

from quadrant.actions.public import DueDateField, PersonChoiceField, people_for
from quadrant.control.public import ChartType, Direction, Frequency
from quadrant.core.permissions import Capability, restrict
from quadrant.core.widgets import NhsDateField, NhsMessagesMixin
from quadrant.improvement.choices import ActDecision, MeasureRole, Method, Stage
from quadrant.improvement.models import ChangeIdea
from quadrant.improvement.services.projects import CODE_MAX, measure_code_problem
from quadrant.language.models import QualityDomain
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.fields import UnitChoiceField
from quadrant.planning.public import Goal


def _text(
    label: str, required: bool = True, rows: int = 3, message: str = "", **kwargs: Any
) -> forms.CharField:
    """A text box; MESSAGE (or "Enter <the label>") says what to do when it is left empty."""
    messages = {"required": message or f"Enter {label[0].lower()}{label[1:].rstrip('?')}"}
    return forms.CharField(
        label=label,
        required=required,
        error_messages=messages,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class DateField(NhsDateField):
    """A date in the NHS.UK date input."""


class ProjectForm(NhsMessagesMixin, forms.Form):
    """A project framed by the three questions of the Model for Improvement."""

    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the project's title"}
    )
    aim_what = _text(
        "What are we trying to accomplish?",
        help_text="The aim: what will be better, for whom.",
        message="Enter what you are trying to accomplish",
    )
    aim_how_much = forms.CharField(
        label="By how much?",
        max_length=200,
        required=False,
        help_text="For example, by 30% or to fewer than 2 a month.",
    )
    aim_by_when = DateField(label="By when?", required=False)
    measures_summary = _text(
        "How will we know that a change is an improvement?",
        required=False,
        help_text="The outcome, process and balancing measures.",
    )
    changes_summary = _text(
        "What changes can we make that will result in improvement?", required=False
    )
    method = forms.ChoiceField(choices=Method.choices, initial=Method.MODEL_FOR_IMPROVEMENT)

    def __init__(
        self, *args: Any, user: Any, unit: Any = None, measures: Any = None, **kwargs: Any
    ) -> None:
        """UNIT fixes the project's unit (no unit field); MEASURES, a queryset of measures the
        person may see, are offered (all ticked) as its outcome measures."""
        super().__init__(*args, **kwargs)
        if unit is None:
            self.fields["org_unit"] = UnitChoiceField(user, Capability.RUN_PROJECTS, label="Unit")
            people = people_for(user.home_unit) if user.home_unit else None
        else:
            people = people_for(unit)
        if people is not None:
            for name, label in (
                ("lead", "Lead"),
                ("sponsor", "Sponsor"),
                ("coach", "Improvement coach"),
            ):
                self.fields[name] = PersonChoiceField(
                    queryset=people, required=False, label=label, empty_label="Nobody yet"
                )
        self.fields["domains"] = forms.ModelMultipleChoiceField(
            queryset=QualityDomain.objects.filter(
                domain_set__is_active=True, archived_at__isnull=True
            ),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Quality domains",
        )
        goals = restrict(Goal.objects.all(), user, Capability.VIEW).filter(archived_at__isnull=True)
        self.fields["goals"] = forms.ModelMultipleChoiceField(
            queryset=goals.order_by("title")[:200],
            required=False,
            label="Goals it serves",
            widget=forms.SelectMultiple(attrs={"size": 5}),
        )
        if measures is not None:
            self.fields["measures"] = forms.ModelMultipleChoiceField(
                queryset=measures,
                initial=list(measures),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Measures to watch",
                help_text="Linked to the project as its outcome measures.",
            )


class StageForm(NhsMessagesMixin, forms.Form):
    stage = forms.ChoiceField(
        choices=Stage.choices,
        label="Move the project to",
        error_messages={"required": "Select the stage to move the project to"},
    )
    note = forms.CharField(
        label="Note", required=False, max_length=500, help_text="Needed when abandoning: say why."
    )


class TeamForm(NhsMessagesMixin, forms.Form):
    role = forms.ChoiceField(
        choices=[(GrantRole.TEAM_MEMBER.value, "Team member"), (GrantRole.LEAD.value, "Lead")]
    )

    def __init__(self, *args: Any, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonChoiceField(
            queryset=people_for(unit),
            label="Person",
            empty_label="Choose a person",
            help_text="Staff or patient partners of this unit or the units above it.",
            error_messages={"required": "Choose the person to add to the team"},
        )
        self.order_fields(["person", "role"])


class LinkMeasureForm(NhsMessagesMixin, forms.Form):
    code = forms.CharField(
        label="Measure code", max_length=40, error_messages={"required": "Enter the measure's code"}
    )
    role = forms.ChoiceField(
        choices=MeasureRole.choices,
        label="Linked as",
        error_messages={"required": "Select how the measure is linked"},
    )


class NewMeasureForm(forms.Form):
    """A new measure defined from a project's page: the essentials of its definition, its
    unit (the project's, preselected) and how it is linked to the project."""

    name = forms.CharField(
        max_length=200,
        help_text="For example, “Falls per 1,000 occupied bed days”.",
        error_messages={
            "required": "Enter the measure's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    code = forms.CharField(
        max_length=CODE_MAX,
        help_text="Suggested from the project; change it if you wish. Letters, numbers, "
        "hyphens, underscores and full stops.",
        error_messages={
            "required": "Enter a code for the measure",
            "max_length": f"The code must be {CODE_MAX} characters or fewer",
        },
    )
    definition = forms.CharField(
        help_text="What is counted, from which source, and how.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the measure's definition: what is counted, and how"},
    )
    unit_label = forms.CharField(
        label="Unit of measurement",
        max_length=40,
        required=False,
        help_text="For example %, per 1,000 bed days, minutes.",
        error_messages={"max_length": "The unit of measurement must be 40 characters or fewer"},
    )
    chart_type = forms.ChoiceField(
        label="Chart type",
        choices=ChartType.choices,
        initial=ChartType.XMR,
        error_messages={"required": "Choose the chart type"},
    )
    direction = forms.ChoiceField(
        label="Improvement direction",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which direction is an improvement"},
    )
    frequency = forms.ChoiceField(
        choices=Frequency.choices,
        initial=Frequency.MONTH,
        help_text="How often a value is recorded.",
        error_messages={"required": "Choose how often a value is recorded"},
    )
    role = forms.ChoiceField(
        label="Linked to the project as",
        choices=MeasureRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose outcome, process or balancing measure"},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = UnitChoiceField(
            user,
            Capability.DEFINE_MEASURES,
            label="Unit",
            help_text="Where the measure belongs: the project's unit unless you choose another.",
            error_messages={"required": "Choose the unit the measure belongs to"},
        )
        self.order_fields(
            ["name", "code", "definition", "unit_label", "chart_type", "direction",
             "frequency", "org_unit", "role"]
        )  # fmt: skip

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        problem = measure_code_problem(code)
        if problem:
            raise forms.ValidationError(problem)
        return code


class ChangeIdeaForm(forms.Form):
    title = forms.CharField(
        label="Change idea",
        max_length=200,
        required=False,
        help_text="Leave empty to use the driver diagram's words.",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, nodes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if nodes is not None:
            self.fields["driver_node"] = forms.ModelChoiceField(
                queryset=nodes,
                required=False,
                label="From a driver diagram",
                empty_label="Not from a driver diagram",
            )


class PlanForm(forms.Form):
    objective = _text("Objective of this test", rows=2, message="Enter the objective of this test")
    questions = _text("Questions we want to answer", required=False, rows=2)
    prediction = _text("What we predict will happen", rows=2)
    plan_who = forms.CharField(label="Who", max_length=300, required=False)
    plan_what = forms.CharField(label="What", max_length=300, required=False)
    plan_where = forms.CharField(label="Where", max_length=300, required=False)
    start_date = DateField(
        label="Start of the test", error_messages={"required": "Enter the date the test starts"}
    )
    end_date = DateField(label="End of the test", required=False)
    data_to_collect = _text("Data to collect", required=False, rows=2)

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["change_idea"] = forms.ModelChoiceField(
            queryset=ChangeIdea.objects.filter(project=project, archived_at__isnull=True),
            required=False,
            label="Change idea tested",
            empty_label="None chosen",
        )
        self.order_fields(["change_idea"])


class DoForm(forms.Form):
    what_happened = _text("What happened")
    observations = _text(
        "Observations",
        required=False,
        help_text="Do not record anything that could identify a patient.",
    )
    end_date = DateField(label="The test ended on", required=False, when="past")


class StudyForm(forms.Form):
    results = _text(
        "Results against the prediction", rows=4, message="Enter the results against the prediction"
    )


class ActForm(forms.Form):
    decision = forms.ChoiceField(
        choices=ActDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose adopt, adapt or abandon"},
    )
    next_steps = _text(
        "Next steps",
        required=False,
        help_text="Needed to adapt: what will you change in the next cycle?",
    )


class IdeaForm(forms.Form):
    """ "I have an idea": one short form for a phone."""

    title = _text("What's your idea?", rows=3, max_length=500, message="Enter your idea")
    problem = _text("What problem does it solve?", required=False, rows=2)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = UnitChoiceField(
            user, Capability.SUBMIT_IDEA, label="Which unit is it for?"
        )
        if user.home_unit_id and "org_unit" not in self.initial:
            self.initial["org_unit"] = user.home_unit_id
        self.order_fields(["title", "org_unit", "problem"])


class DeclineForm(forms.Form):
    reason = _text(
        "Why is the idea declined?",
        message="Enter why the idea is declined",
        help_text="The person who had the idea sees this on their home page.",
    )


class SummaryForm(forms.Form):
    problem = _text("The problem")
    changes_tested = _text("Changes tested", message="Enter the changes tested")
    results = _text(
        "Results",
        message="Enter the results",
        help_text="The charts of the project's measures are shown with it.",
    )
    advice = _text("What others need to know")


class AdoptForm(forms.Form):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = UnitChoiceField(
            user, Capability.RUN_PROJECTS, label="Adopt it at"
        )


class ProcedureActionForm(forms.Form):
    procedure = forms.CharField(
        label="Procedure to revise",
        max_length=150,
        error_messages={"required": "Enter the procedure to revise"},
    )
    due_date = DueDateField(label="Due date")

    def __init__(self, *args: Any, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = PersonChoiceField(
            queryset=people_for(unit),
            label="Owner",
            empty_label="Choose a person",
            error_messages={"required": "Choose who will revise the procedure"},
        )
