"""Token endpoint, history events and jobs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quadrant.accounts.login import LoginRefused, check_api_login
from quadrant.core.api.errors import problem_response
from quadrant.core.api.query import refuse_unknown_parameters
from quadrant.core.api.viewsets import ReadOnlyApiViewSet
from quadrant.core.models import ApiToken, HistoryEvent, Job
from quadrant.core.permissions import Capability, units_where
from quadrant.core.security import log_security_event

if TYPE_CHECKING:
    from quadrant.organisation.models import Person


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=4096, style={"input_type": "password"}, trim_whitespace=False
    )
    otp = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="The code from your authenticator app, when two-factor authentication is on.",
    )


class ObtainTokenView(APIView):
    """Exchange a username and password (and the one-time code, when two-factor authentication
    is on) for an API token, sent as `Authorization: Token <key>`. Ten failed attempts in five
    minutes lock the account for 15 minutes, as on the login page."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(self, request)

    @extend_schema(
        request={"application/json": TokenRequestSerializer},  # form data is read too
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            person = check_api_login(
                request._request, data["username"], data["password"], data.get("otp", "")
            )
        except LoginRefused as refused:  # answered, not raised: the failure stays recorded
            return problem_response(
                400, errors=[{"field": refused.field, "message": refused.message}]
            )
        _, key = ApiToken.issue(person, name="Issued by the token endpoint")
        log_security_event("token", person=person, request=request, detail="token issued")
        return Response({"token": key})


class HistoryEventSerializer(serializers.ModelSerializer[HistoryEvent]):
    content_type = serializers.SerializerMethodField()

    class Meta:
        model = HistoryEvent
        fields = [
            "id", "at", "actor", "actor_name", "request_id", "action", "content_type",
            "object_id", "object_repr", "org_unit", "changes", "summary", "prev_hash", "hash",
        ]  # fmt: skip

    def get_content_type(self, event: HistoryEvent) -> str | None:
        ct = event.content_type
        return f"{ct.app_label}.{ct.model}" if ct else None


def history_events_for(user: Any) -> Any:
    """Administrators of the whole organisation read the whole log; other administrators and
    quality leads the events of their subtrees (a division's administrator only theirs)."""
    from quadrant.core.permissions import has_role_anywhere

    if not has_role_anywhere(user, Capability.READ_HISTORY):
        return HistoryEvent.objects.none()
    queryset = HistoryEvent.objects.select_related("content_type")
    if units_where(user, Capability.MANAGE_PEOPLE).filter(parent__isnull=True).exists():
        return queryset
    return queryset.filter(org_unit__in=units_where(user, Capability.READ_HISTORY))


class HistoryEventViewSet(ReadOnlyApiViewSet):
    """The append-only change history (read-only)."""

    serializer_class = HistoryEventSerializer
    filterset_fields = ["action", "actor", "object_id", "org_unit"]

    def get_queryset(self) -> Any:
        return history_events_for(self.request.user).order_by("-id")


class JobSerializer(serializers.ModelSerializer[Job]):
    class Meta:
        model = Job
        fields = [
            "id", "kind", "title", "status", "progress", "message", "log", "result",
            "result_url", "created_at", "started_at", "finished_at",
        ]  # fmt: skip


class JobViewSet(ReadOnlyApiViewSet):
    """Background jobs you started."""

    serializer_class = JobSerializer
    filterset_fields = ["status", "kind"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Job.objects.none()
        return Job.objects.filter(created_by=cast("Person", self.request.user)).order_by(
            "-created_at"
        )
