"""Login, logout, password reset and the language switch."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dualcareer.accounts.forms import LoginForm, PasswordResetForm
from dualcareer.accounts.services import user_language_set


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
        httponly=True,
    )


class LoginView(auth_views.LoginView):
    """Log in; then continue in the user's own language."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        return translate_url(url, self.request.user.language)  # type: ignore[union-attr]

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        _set_language_cookie(response, form.get_user().language)
        return response


class LogoutView(auth_views.LogoutView):
    """Log out (POST only) and return to the start page."""


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/mail/password_reset.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language, remember it for the user, stay on the same page."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unsupported language."))
    next_url = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("site:home")
    # translate_url resolves `next` in the active language, which for this
    # unprefixed URL is the default: resolve it in the language of its own path.
    with translation.override(
        get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    ):
        target = translate_url(next_url, language)
    response = HttpResponseRedirect(target)
    _set_language_cookie(response, language)
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=language)
    return response
