"""`{% url %}` that remembers the paths it has built (a template builtin, see TEMPLATES).

Django's `{% url %}` runs `reverse()` every time: 30-100 µs on the
benchmark machine, and a list page asks for 40-120 of them (each row's
link, the navigation). The answer depends only on the view name, the
arguments, the namespace asked for, the URLconf, the script prefix and the
language (the interface's paths carry it), so each process keeps the last
`MEMO_SIZE` answers under exactly those keys.

Only arguments whose text cannot change under the same value are
remembered: strings, `int`, `uuid.UUID` (not model instances, lazy
strings, booleans or enums). Everything else, and every name that does
not reverse, goes through Django's own tag unchanged (its error, or ""
with `as var`). A change of the URLconf or the default language (tests)
empties the memo; a new deployment starts new processes.

Registered in `config/settings.py` as a builtin after Django's, so it
replaces the `url` tag in every template without a `{% load %}`.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url_tag
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

MEMO_SIZE = 8192  # about 2.7 MB per process when full (a UUID argument each)
_PLAIN = frozenset({int, uuid.UUID})


@lru_cache(maxsize=MEMO_SIZE)
def memo_reverse(
    view_name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    current_app: str | None,
    urlconf: str | None,
    script_prefix: str,
    language: str | None,
) -> str:
    """`reverse()`; the last three arguments only key the memo (reverse reads them itself)."""
    return reverse(
        view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


# What the paths depend on besides the arguments: the URLconf and the default language
# (it has no prefix). Tests change them with override_settings; production never does.
_URL_SETTINGS = frozenset({"ROOT_URLCONF", "LANGUAGE_CODE", "LANGUAGES"})


@receiver(setting_changed)
def _urlconf_changed(*, setting: str, **_kwargs: Any) -> None:
    if setting in _URL_SETTINGS:
        memo_reverse.cache_clear()


def _current_app(context: Context) -> str | None:
    """The namespace Django's tag passes: the request's current_app, else its resolved one."""
    request = getattr(context, "request", None)
    if request is None:
        return None
    if hasattr(request, "current_app"):
        return request.current_app
    match = getattr(request, "resolver_match", None)
    return match.namespace if match is not None else None


def _plain(value: Any) -> Any:
    """`value` as a memo key (a template's string literals are safe strings), or None."""
    if isinstance(value, str):
        return str(value)  # the text reverse() would use
    if type(value) in _PLAIN:  # not bool, not an enum
        return value
    return None


class MemoURLNode(URLNode):
    def render(self, context: Context) -> str:
        view_name = _plain(self.view_name.resolve(context))
        args = tuple(_plain(arg.resolve(context)) for arg in self.args)
        kwargs = tuple(
            sorted((key, _plain(value.resolve(context))) for key, value in self.kwargs.items())
        )
        if view_name is None or None in args or any(value is None for _key, value in kwargs):
            return super().render(context)
        try:
            url = memo_reverse(
                view_name,
                args,
                kwargs,
                _current_app(context),
                get_urlconf(),
                get_script_prefix(),
                get_language(),
            )
        except NoReverseMatch:
            return super().render(context)  # Django's answer: the error, or "" into `as var`
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> MemoURLNode:
    """Django's `{% url %}` (same syntax, parsed by Django), its answers remembered."""
    node = django_url_tag(parser, token)
    return MemoURLNode(node.view_name, node.args, node.kwargs, node.asvar)
