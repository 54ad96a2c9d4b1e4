"""Forms for logging in and for the user's own settings."""

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dualcareer.accounts.models import User


class LoginForm(AuthenticationForm):
    """Log in with e-mail address and password."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        "invalid_login": _("The e-mail address or the password is not correct. Please try again."),
        "inactive": _("This account is inactive."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class LanguageForm(forms.ModelForm):
    """The user's preferred language for pages and e-mails."""

    class Meta:
        model = User
        fields = ["language"]


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Send the reset link in the recipient's language, not the requester's."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        language = getattr(context.get("user"), "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
