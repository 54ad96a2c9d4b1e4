"""What every app's views share: a service's ValidationError on the form, and quiet refusals.

- `apply_validation_error(form, error)`: a service raised `ValidationError`;
  put its messages on the named fields of the form (unknown fields and
  messages without a field go to the form's top).
- `error_messages(request, error)`: the same error as flash messages, for a
  POST that has no form to show again (a button on a detail page).
- `refuse_quietly`: wrap a view so that `PermissionDenied` becomes the 403
  page directly. Django would log a refused outsider with a traceback; a
  refusal is expected behaviour, not an error, so the log keeps the one
  warning line of the access log.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def apply_validation_error(
    form: Any, error: ValidationError, known: Iterable[str] | None = None
) -> None:
    """Put a service's ValidationError on `form`: on its field, or on the form.

    `known` names the fields that count as the form's (default: `form.fields`);
    errors for any other name are shown at the top of the form.
    """
    fields = set(form.fields) if known is None else set(known)
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in fields else None, errors)
    else:
        form.add_error(None, error.messages)


def error_messages(request: HttpRequest, error: ValidationError) -> None:
    """Show a service's ValidationError as flash messages (one per message)."""
    for message in error.messages:
        messages.error(request, message)


def refuse_quietly(view: V) -> V:
    """Wrap a view: PermissionDenied becomes the 403 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "403.html", status=403)

    return wrapper  # type: ignore[return-value]
