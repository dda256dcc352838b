"""API for projects, PDSA cycles and ideas. Reads are scoped by restrict(); every write goes
through improvement's services (stage moves and PDSA steps are their own POST actions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.core.api.bodies import read_body, takes_body
from quadrant.core.api.relations import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from quadrant.core.api.viewsets import ScopedModelViewSet, VersionedSerializer
from quadrant.core.permissions import Capability
from quadrant.improvement import services
from quadrant.improvement.api.bodies import STEP_BODIES, DeclineBody, StageMoveBody
from quadrant.improvement.choices import ActDecision
from quadrant.improvement.filtersets import IdeaFilterSet, ProjectFilterSet
from quadrant.improvement.models import Idea, PdsaCycle, Project, ProjectMeasure
from quadrant.organisation.models import ObjectGrant, OrgUnit, Person


class ProjectMeasureSerializer(serializers.ModelSerializer[ProjectMeasure]):
    measure = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)

    class Meta:
        model = ProjectMeasure
        fields = ["measure", "role", "routine_since"]


class ProjectSerializer(VersionedSerializer):
    org_unit = ScopedSlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    stage = serializers.CharField(read_only=True, help_text="Moved with POST …/stage/.")
    measures = ProjectMeasureSerializer(source="measure_links", many=True, read_only=True)
    team = serializers.SerializerMethodField(help_text="Usernames and roles of the named team.")

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "aim_what",
            "aim_how_much",
            "aim_by_when",
            "measures_summary",
            "changes_summary",
            "method",
            "stage",
            "stage_changed_on",
            "org_unit",
            "lead",
            "sponsor",
            "coach",
            "domains",
            "goals",
            "driver_nodes",
            "measures",
            "team",
            "adopted_from",
            "last_activity_at",
            "version",
        ]
        read_only_fields = ["stage_changed_on", "adopted_from", "last_activity_at"]

    def get_team(self, project: Project) -> list[dict[str, str]]:
        grants = self.context.get("teams", {}).get(project.pk)
        if grants is None:
            grants = services.team_of(project)
        return [{"person": g.person.username, "role": g.role} for g in grants]


class StaysInPlaceViewSet(ScopedModelViewSet):
    """A viewset whose updates never move the record: `fixed_field` is dropped from the changes
    before `update_service` (the component's service) changes the record."""

    fixed_field: ClassVar[str]
    update_service: ClassVar[Callable[..., Any]]

    def perform_update_object(
        self, obj: Any, data: dict[str, Any], *, expected_version: int | None
    ) -> Any:
        data.pop(self.fixed_field, None)
        return type(self).update_service(
            obj, data, actor=self.request.user, expected_version=expected_version
        )


class ProjectViewSet(StaysInPlaceViewSet):
    """Improvement projects (Model for Improvement, Lean): the three questions, stage, team
    and measures."""

    model = Project
    serializer_class = ProjectSerializer
    write_action = Capability.RUN_PROJECTS
    http_method_names = ["get", "post", "patch", "put", "head", "options"]  # closed, not deleted
    filterset_class = ProjectFilterSet
    fixed_field = "org_unit"  # a project stays with its unit
    update_service = staticmethod(services.update_project)

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("org_unit")
            .prefetch_related("domains", "goals", "driver_nodes", "measure_links__measure")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        page = getattr(self, "_page_ids", None)
        if page:
            teams: dict[int, list[ObjectGrant]] = {pk: [] for pk in page}
            for grant in ObjectGrant.objects.filter(
                content_type=ContentType.objects.get_for_model(Project),
                object_id__in=page,
                role__in=services.projects.TEAM_ROLES,
                archived_at__isnull=True,
            ).select_related("person"):
                teams[grant.object_id].append(grant)
            context["teams"] = teams
        return context

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        self._page_ids = [project.pk for project in page or []]
        return page

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        return services.create_project(actor=self.request.user, **data)

    @takes_body(StageMoveBody, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request: Request, pk: str | None = None) -> Response:
        """Move the project to a stage: {"stage": "closed", "note": "…"}."""
        project = self.get_object()
        body = read_body(request, StageMoveBody)
        project = services.move_project_stage(
            project, body["stage"], note=body["note"], actor=request.user
        )
        return Response(self.get_serializer(project).data)


class PdsaCycleSerializer(VersionedSerializer):
    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all())
    phase = serializers.CharField(read_only=True, help_text="The step the cycle waits for.")
    # Blank until the Act step: a read-only field generated from the model would drop "".
    decision = serializers.ChoiceField(
        choices=ActDecision.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = PdsaCycle
        fields = [
            "id",
            "project",
            "number",
            "previous",
            "phase",
            "change_idea",
            "objective",
            "questions",
            "prediction",
            "plan_who",
            "plan_what",
            "plan_where",
            "start_date",
            "end_date",
            "data_to_collect",
            "what_happened",
            "observations",
            "results",
            "decision",
            "next_steps",
            "version",
        ]
        read_only_fields = [
            "number",
            "previous",
            "what_happened",
            "observations",
            "results",
            "decision",
            "next_steps",
        ]


class PdsaCycleViewSet(StaysInPlaceViewSet):
    """PDSA cycles: POST plans one; POST …/do/, …/study/ and …/act/ record the steps
    ("adapt" answers with the next cycle, its plan carried forward)."""

    model = PdsaCycle
    serializer_class = PdsaCycleSerializer
    write_action = Capability.RUN_PROJECTS
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["project", "phase", "change_idea"]
    fixed_field = "project"  # a cycle stays in its project
    update_service = staticmethod(services.update_plan)

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("project")

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        project = data.pop("project")
        return services.plan_cycle(project, actor=self.request.user, **data)

    def _step(self, request: Request, name: str) -> Response:
        cycle = self.get_object()
        values = read_body(request, STEP_BODIES[name])
        if name == "do":
            cycle = services.record_do(cycle, actor=request.user, **values)
        elif name == "study":
            cycle = services.record_study(cycle, actor=request.user, **values)
        else:
            cycle, following = services.record_act(cycle, actor=request.user, **values)
            if following is not None:
                return Response(self.get_serializer(following).data, status=status.HTTP_201_CREATED)
        return Response(self.get_serializer(cycle).data)

    @takes_body(STEP_BODIES["do"], responses=PdsaCycleSerializer)
    @action(detail=True, methods=["post"])
    def do(self, request: Request, pk: str | None = None) -> Response:
        """Do: {"what_happened", "observations", "end_date"}."""
        return self._step(request, "do")

    @takes_body(STEP_BODIES["study"], responses=PdsaCycleSerializer)
    @action(detail=True, methods=["post"])
    def study(self, request: Request, pk: str | None = None) -> Response:
        """Study: {"results"} against the prediction."""
        return self._step(request, "study")

    @takes_body(
        STEP_BODIES["act"],
        responses={200: PdsaCycleSerializer, 201: PdsaCycleSerializer},  # 201: adapt's next cycle
    )
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: str | None = None) -> Response:
        """Act: {"decision": "adopt"|"adapt"|"abandon", "next_steps"}."""
        return self._step(request, "act")


class IdeaSerializer(VersionedSerializer):
    org_unit = ScopedSlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    submitter = serializers.SlugRelatedField[Person](slug_field="username", read_only=True)

    class Meta:
        model = Idea
        fields = [
            "id",
            "title",
            "problem",
            "org_unit",
            "submitter",
            "status",
            "decline_reason",
            "project",
            "created_at",
            "version",
        ]
        read_only_fields = ["status", "decline_reason", "project", "created_at"]


class IdeaViewSet(ScopedModelViewSet):
    """Staff ideas: POST submits one (for a unit where you may submit ideas); …/decline/
    declines it with a reason the submitter sees."""

    model = Idea
    serializer_class = IdeaSerializer
    write_action = Capability.SUBMIT_IDEA
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = IdeaFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("org_unit", "submitter")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        idea = services.submit_idea(
            title=data["title"],
            problem=data.get("problem", ""),
            org_unit=data["org_unit"],
            actor=request.user,
        )
        return Response(self.get_serializer(idea).data, status=status.HTTP_201_CREATED)

    @takes_body(DeclineBody, responses=IdeaSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        """Decline: {"reason"} (people who run projects at the idea's unit)."""
        idea = self.get_object()
        body = read_body(request, DeclineBody)
        idea = services.decline_idea(idea, reason=body["reason"], actor=request.user)
        return Response(self.get_serializer(idea).data)
