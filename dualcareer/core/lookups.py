"""Look objects up by values a user sent, without a 500 for malformed ones."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=Model)


def get_or_404(queryset: type[M] | QuerySet[M], **lookups: Any) -> M:
    """`get_object_or_404` for ids from a form or query string.

    A value that is no valid UUID or number (`"abc"`, an e-mail address) is
    "not found" like an unknown one, instead of an exception whose text,
    quoting the value, ends in the error log.
    """
    try:
        return get_object_or_404(queryset, **lookups)
    except (ValidationError, ValueError, TypeError) as error:
        raise Http404 from error
