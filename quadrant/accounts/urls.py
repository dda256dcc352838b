from django.contrib.auth import views as auth_views
from django.urls import path

from quadrant.accounts import admin_views, sso_views, two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/code/", views.login_code, name="login_code"),
    path("confirm/", views.reauthenticate, name="reauth"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("two-factor/", two_factor_views.setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", two_factor_views.new_recovery_codes, name="recovery_codes"),
    path("two-factor/off/", two_factor_views.turn_off, name="two_factor_off"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("people/<int:pk>/unlock/", admin_views.unlock, name="unlock"),
    path("people/<int:pk>/send-reset/", admin_views.send_reset, name="send_reset"),
    path("sso/", sso_views.start, name="oidc_start"),
    path("sso/callback/", sso_views.callback, name="oidc_callback"),
]
