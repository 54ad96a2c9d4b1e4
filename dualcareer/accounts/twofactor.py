"""Two-factor login: an authenticator app (TOTP, RFC 6238) and single-use recovery codes.

Who must use it: everyone holding a role in `settings.TWO_FACTOR_REQUIRED_ROLES`
(coordinators and officers: they see personal data) and superusers; anyone
else may enrol, and then is asked for a code at every login too. After the
password (or a single sign-on) the session is *not yet verified*; the
middleware (`accounts.middleware.TwoFactorMiddleware`) lets such a session
reach only the pages of this module, logout and the language switch.

- A code is accepted once: the device keeps the time step of the last
  accepted code, and a code of that step or an earlier one is refused.
- Attempts are limited per account: after `TWO_FACTOR_MAX_FAILURES` wrong
  codes within `TWO_FACTOR_LOCKOUT_SECONDS` every further code is refused
  until that time has passed (shared cache, like the login lockout).
- Recovery codes are shown once and only their SHA-256 is stored (they are
  random, 50 bits, so a plain hash suffices); each works once.
- An institution's identity provider that enforces multi-factor login
  itself may waive the local code (`session_mark_verified(method="idp")`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.oath import TOTP

from dualcareer.accounts.models import InstitutionRole, RecoveryCode, TwoFactorDevice, User
from dualcareer.core import audit

SESSION_VERIFIED_KEY = "twofactor_verified"  # the id of the user whose second factor was checked
SESSION_METHOD_KEY = "twofactor_method"  # "totp", "recovery" or "idp"
SESSION_PENDING_SECRET_KEY = "twofactor_pending_secret"  # noqa: S105 - a session key name
STEP_SECONDS = 30
DIGITS = 6
TOLERANCE_STEPS = 1  # one step either side: clocks of phones drift
RECOVERY_CODE_COUNT = 10

# The audit pages' names of this module's actions (added to core.audit_labels).
AUDIT_LABELS = {
    "twofactor.enrolled": gettext_lazy("Two-factor login set up"),
    "twofactor.failed": gettext_lazy("Two-factor login: wrong code"),
    "twofactor.locked": gettext_lazy("Two-factor login: too many wrong codes"),
    "twofactor.verified": gettext_lazy("Two-factor login: code confirmed"),
    "twofactor.recovery_renewed": gettext_lazy("Two-factor login: new recovery codes"),
    "twofactor.removed": gettext_lazy("Two-factor login switched off"),
}


# --- who needs it ------------------------------------------------------------


def is_required(user: Any) -> bool:
    """Return whether `user` must log in with a second factor (role or superuser)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    roles = list(getattr(settings, "TWO_FACTOR_REQUIRED_ROLES", []))
    return bool(roles) and InstitutionRole.objects.filter(user=user, role__in=roles).exists()


def is_enrolled(user: Any) -> bool:
    """Return whether `user` has an authenticator app."""
    return bool(getattr(user, "is_authenticated", False)) and (
        TwoFactorDevice.objects.filter(user=user).exists()
    )


# --- the session -------------------------------------------------------------


def session_is_verified(request: Any) -> bool:
    """Return whether this session's user has given their second factor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return bool(request.session.get(SESSION_VERIFIED_KEY) == str(user.pk))


def session_mark_verified(request: Any, *, method: str) -> None:
    """Record in the session that its user has given their second factor (by `method`)."""
    request.session.cycle_key()  # a new session id at every change of privilege
    request.session[SESSION_VERIFIED_KEY] = str(request.user.pk)
    request.session[SESSION_METHOD_KEY] = method


# --- codes -------------------------------------------------------------------


def secret_new() -> str:
    """Return a new random secret (160 bits, base32 as authenticator apps expect)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def _key(secret: str) -> bytes:
    return base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))


def totp_now(secret: str, *, at: float | None = None) -> str:
    """Return the current code for `secret` (for the demo and tests)."""
    totp = TOTP(_key(secret), step=STEP_SECONDS, digits=DIGITS)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{DIGITS}d}"


def _matching_step(secret: str, code: str, *, after_step: int) -> int | None:
    """Return the time step whose code is `code` (within the tolerance, after `after_step`)."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = TOTP(_key(secret), step=STEP_SECONDS, digits=DIGITS)
    totp.time = time.time()
    now = totp.t()
    for step in range(now - TOLERANCE_STEPS, now + TOLERANCE_STEPS + 1):
        if step <= after_step:
            continue
        totp.time = step * STEP_SECONDS + 1
        if hmac.compare_digest(f"{totp.token():0{DIGITS}d}", code):
            return step
    return None


def provisioning_uri(*, secret: str, user: User) -> str:
    """Return the otpauth:// URI that authenticator apps read from the QR code."""
    issuer = getattr(settings, "TWO_FACTOR_ISSUER", "dualcareer")
    label = quote(f"{issuer}:{user.email}")
    return (
        f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}"
        f"&digits={DIGITS}&period={STEP_SECONDS}"
    )


def qr_svg(data: str) -> str:
    """Return `data` as a QR code, an inline SVG element."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]


# --- attempts ----------------------------------------------------------------


def _failures_key(user: User) -> str:
    return f"twofactor-failures:{user.pk}"


def _refuse_if_locked(user: User) -> None:
    if cache.get(_failures_key(user), 0) >= settings.TWO_FACTOR_MAX_FAILURES:
        raise ValidationError(
            {"code": _("Too many wrong codes. Please wait a few minutes and try again.")},
            code="locked",
        )


def _count_failure(user: User) -> None:
    key = _failures_key(user)
    cache.add(key, 0, timeout=settings.TWO_FACTOR_LOCKOUT_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.TWO_FACTOR_LOCKOUT_SECONDS)
        failures = 1
    with transaction.atomic():
        audit.log(user, "twofactor.failed", actor=user, data={"failures": failures})
        if failures == settings.TWO_FACTOR_MAX_FAILURES:
            audit.log(user, "twofactor.locked", actor=user)


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace("-", "").encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _index in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(5)  # 40 bits each; single use and rate-limited
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


# --- services ----------------------------------------------------------------


def device_enrol(*, user: User, secret: str, code: str) -> list[str]:
    """Enrol `user`'s authenticator app if `code` fits `secret`; return new recovery codes."""
    _refuse_if_locked(user)
    step = _matching_step(secret, code, after_step=0)
    if step is None:
        _count_failure(user)
        raise ValidationError(
            {"code": _("This code does not fit. Check the time on your phone and try again.")},
            code="wrong",
        )
    with transaction.atomic():
        TwoFactorDevice.objects.filter(user=user).delete()
        TwoFactorDevice.objects.create(user=user, secret=secret, last_step=step)
        codes = _new_recovery_codes(user)
        audit.log(user, "twofactor.enrolled", actor=user)
    cache.delete(_failures_key(user))
    return codes


def code_verify(*, user: User, code: str) -> str:
    """Check a code from the app or a recovery code; return the method that matched.

    Raises ValidationError (on the field `code`) for a wrong, used or late
    code, and after too many wrong codes.
    """
    _refuse_if_locked(user)
    code = code.strip()
    with transaction.atomic():
        device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            raise ValidationError({"code": _("You have not set up two-factor login.")})
        step = _matching_step(device.secret, code, after_step=device.last_step)
        if step is not None:
            device.last_step = step
            device.save(update_fields=["last_step", "updated_at"])
            audit.log(user, "twofactor.verified", actor=user, data={"method": "totp"})
            method = "totp"
        else:
            used = RecoveryCode.objects.filter(
                user=user, code_hash=_hash(code), used_at__isnull=True
            ).update(used_at=timezone.now())
            if used:
                remaining = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
                audit.log(
                    user,
                    "twofactor.verified",
                    actor=user,
                    data={"method": "recovery", "remaining": remaining},
                )
                method = "recovery"
            else:
                method = ""
    if not method:
        _count_failure(user)
        raise ValidationError(
            {"code": _("This code is wrong or has been used already.")}, code="wrong"
        )
    cache.delete(_failures_key(user))
    return method


def recovery_codes_renew(*, user: User, code: str) -> list[str]:
    """Replace `user`'s recovery codes (after a valid code); return the new ones."""
    code_verify(user=user, code=code)
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.log(user, "twofactor.recovery_renewed", actor=user)
    return codes


def device_remove(*, user: User, code: str) -> None:
    """Switch two-factor login off for `user` (only where it is optional; needs a valid code)."""
    if is_required(user):
        raise ValidationError(
            {"code": _("Your role requires two-factor login: it cannot be switched off.")}
        )
    code_verify(user=user, code=code)
    with transaction.atomic():
        TwoFactorDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        audit.log(user, "twofactor.removed", actor=user)


def recovery_codes_left(*, user: User) -> int:
    """Return how many unused recovery codes `user` has."""
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
