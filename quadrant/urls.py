from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from quadrant.accounts import views as accounts
from quadrant.core.views import accessibility, health, history, jobs, search
from quadrant.overview.views import home

handler400 = "quadrant.core.views.errors.bad_request"
handler403 = "quadrant.core.views.errors.permission_denied"
handler404 = "quadrant.core.views.errors.page_not_found"
handler500 = "quadrant.core.views.errors.server_error"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", accounts.account, name="account"),
    path("accounts/", include("quadrant.accounts.urls")),
    path("search/", search.search, name="search"),
    path("accessibility/", accessibility.accessibility, name="accessibility"),
    path("units/", include("quadrant.organisation.urls")),
    path("units/", include("quadrant.overview.urls")),  # after: "units/new/" is organisation's
    path("language/", include("quadrant.language.urls")),
    path("planning/", include("quadrant.planning.urls")),
    path("improvement/", include("quadrant.improvement.urls")),
    path("control/", include("quadrant.control.urls")),
    path("assurance/", include("quadrant.assurance.urls")),
    path("actions/", include("quadrant.actions.urls")),
    path("history/", history.history_log, name="history-log"),
    path("history/export.csv", history.history_log_export, name="history-log-export"),
    path("history/<str:label>/<str:pk>/", history.object_history, name="history"),
    # The change history was called the audit log before this release; old links still work.
    path("audit-log/", history.old_address, {"to": "history-log"}),
    path("audit-log/export.csv", history.old_address, {"to": "history-log-export"}),
    path("jobs/", jobs.job_list, name="jobs"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job"),
    path("api/v1/", include("quadrant.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
