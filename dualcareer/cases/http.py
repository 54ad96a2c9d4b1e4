"""Turn a refused permission into a plain 403 page.

Django logs a raised PermissionDenied with its traceback; an outsider who is
refused is expected behaviour, not an error, so the views answer 403 directly
and the log keeps one warning line without a traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render


def refuse_quietly(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wrap a view: PermissionDenied becomes the 403 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "403.html", status=403)

    return wrapper
