from django.urls import path

from dualcareer.accounts.views import public, twofactor

app_name = "accounts"

urlpatterns = [
    path("login/", public.LoginView.as_view(), name="login"),
    path("logout/", public.LogoutView.as_view(), name="logout"),
    path("password-reset/", public.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/", public.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "reset/<uidb64>/<token>/",
        public.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", public.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("two-factor/", twofactor.setup, name="twofactor_setup"),
    path("two-factor/verify/", twofactor.verify, name="twofactor_verify"),
    path("two-factor/remove/", twofactor.remove, name="twofactor_remove"),
]
