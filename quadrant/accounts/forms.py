"""Forms of the account pages, with plain-words errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import forms as auth_forms

from quadrant.accounts.login import LoginRefused, check_password_login

if TYPE_CHECKING:
    from quadrant.organisation.models import Person

    # Django's SetPasswordForm is generic over the user model in the stubs only.
    _SetPasswordFormBase = auth_forms.SetPasswordForm[Person]
else:
    _SetPasswordFormBase = auth_forms.SetPasswordForm


class LoginForm(auth_forms.AuthenticationForm):
    """Username and password, checked through accounts.login (throttled and logged)."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been disabled. Ask your administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            try:
                self.user_cache = check_password_login(self.request, username, password)
            except LoginRefused as refused:
                raise forms.ValidationError(refused.message, code="invalid_login") from None
        return self.cleaned_data


class CodeForm(forms.Form):
    otp = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not correct. Enter your current password.")
        return password


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "Your old password is not correct. Enter it again.",
        "password_mismatch": "The two new passwords are different. Type the same one twice.",
    }


class SetPasswordForm(_SetPasswordFormBase):
    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": "The two new passwords are different. Type the same one twice.",
    }
