"""One-time form tokens: a form submitted twice (double click, reload, two tabs) acts once.

A creating form carries a hidden random token (`add_token_field`). The view
claims it (`claim`) in the same transaction that creates the object and
records where the result is (`done`); `FormToken.token` is unique, so of two
simultaneous submissions exactly one inserts the row. The other waits for
the first transaction (PostgreSQL: the unique index; SQLite: the write
lock), gets the IntegrityError and raises `AlreadySubmitted` carrying the
first one's result, to which the view redirects. A submission whose
transaction fails leaves no row: the same form can be sent again. A form
without a token (an old page) is handled as before, without protection.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from dualcareer.core.models import FormToken

FIELD_NAME = "form_token"
_VALID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class AlreadySubmitted(Exception):
    """The form's token was used by an earlier submission; `result` is where that one went."""

    def __init__(self, result: str) -> None:
        super().__init__("form already submitted")
        self.result = result


def new_token() -> str:
    return secrets.token_urlsafe(24)


def add_token_field(form: forms.BaseForm) -> None:
    """Add the hidden one-time token to `form` (a fresh token when the form is shown)."""
    form.fields[FIELD_NAME] = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64
    )
    if not form.is_bound:
        form.initial[FIELD_NAME] = new_token()


def _token(request: HttpRequest) -> str:
    token = str(request.POST.get(FIELD_NAME, ""))
    return token if _VALID.match(token) else ""


def claim(request: HttpRequest, scope: str) -> FormToken | None:
    """Claim the submitted token inside the caller's transaction; None without a token.

    Raises `AlreadySubmitted` when another submission claimed it (committed).
    """
    token = _token(request)
    if not token:
        return None
    user: Any = request.user
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            return FormToken.objects.create(token=token, scope=scope, user=user)
    except IntegrityError:
        earlier = FormToken.objects.filter(token=token).first()
        mine = earlier is not None and earlier.user_id == user.pk and earlier.scope == scope
        raise AlreadySubmitted(earlier.result if mine and earlier else "") from None


def done(claimed: FormToken | None, result: str) -> None:
    """Record where the created object is (a path without personal data)."""
    if claimed is not None:
        claimed.result = result[:300]
        claimed.save(update_fields=["result"])


def previous(request: HttpRequest, scope: str) -> str | None:
    """The result of an earlier, finished submission of this form's token, if any."""
    token = _token(request)
    if not token:
        return None
    user: Any = request.user
    row: Any = (
        FormToken.objects.filter(token=token, scope=scope, user=user)
        .exclude(result="")
        .values_list("result", flat=True)
        .first()
    )
    return row
