"""Users, and the roles they hold at institutions."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from dualcareer.core.models import ChoiceLabelsModel, TimeStampedModel


class UserManager(BaseUserManager["User"]):
    """Users log in with their e-mail address."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(ChoiceLabelsModel, AbstractUser):
    """A person who logs in: staff of a member institution, or a partner (client)."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff of a member institution")
        PARTNER = "partner", _("Partner (client)")

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.STAFF)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_partner(self) -> bool:
        return self.kind == self.Kind.PARTNER


class Role(models.TextChoices):
    """What a user does at an institution; decides what they may see and do."""

    COORDINATOR = "coordinator", _("Network coordinator")
    OFFICER = "officer", _("Dual Career officer")
    EMPLOYER = "employer", _("Employer contact")


class InstitutionRole(ChoiceLabelsModel, TimeStampedModel):
    """A user's role at one institution. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="institution_roles"
    )
    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, related_name="user_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("role at an institution")
        verbose_name_plural = _("roles at institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution", "role"], name="unique_role_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.institution}"


class TwoFactorDevice(TimeStampedModel):
    """A user's authenticator app (TOTP, RFC 6238): the second factor of their login.

    The shared secret must be readable to check codes; `last_step` is the
    time step of the last accepted code, so that no code is accepted twice.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="twofactor_device"
    )
    secret = models.CharField(_("secret"), max_length=64)
    last_step = models.BigIntegerField(_("last time step used"), default=0)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return f"TOTP #{self.pk}"


class RecoveryCode(models.Model):
    """A single-use code for a user who has lost their authenticator; only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="unique_recovery_code")
        ]

    def __str__(self) -> str:
        return f"recovery code #{self.pk}"
