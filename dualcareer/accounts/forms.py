"""Forms for logging in and for the user's own settings."""

import unicodedata
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dualcareer.accounts.models import User
from dualcareer.core.mail import send_templated


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
    """Queue the reset link in the recipient's language, not the requester's.

    An account that has no password yet (a new member whose first e-mail was
    lost) gets the set-password e-mail instead of nothing: Django's form skips
    such accounts. The e-mail goes through the outbox (`core.mail`).
    """

    def get_users(self, email: str) -> Iterator[Any]:
        email_field = User.get_email_field_name()
        users = User._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
        wanted = unicodedata.normalize("NFKC", email).casefold()
        return (
            user
            for user in users
            if unicodedata.normalize("NFKC", getattr(user, email_field)).casefold() == wanted
        )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        template = (
            "accounts/mail/password_reset"
            if user is None or user.has_usable_password()
            else "accounts/mail/set_password"
        )
        send_templated(
            to=to_email,
            language=language,
            template=template,
            context={key: context[key] for key in ("protocol", "domain", "uid", "token")},
        )


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app (or, where allowed, a recovery code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()
