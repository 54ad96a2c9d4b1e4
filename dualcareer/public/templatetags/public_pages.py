"""Tags of the public pages: a page's sanitised text and the hreflang alternates."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.context import Context
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from dualcareer.public import content
from dualcareer.public.models import PageContent

register = template.Library()


@register.simple_tag
def page_body(page: PageContent, language: str | None = None) -> SafeString:
    """The page's text in the active language, rendered and cleaned."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return content.to_html(page.body(language), page.body_format, language)


@register.simple_tag
def page_html(source: str, body_format: str) -> SafeString:
    return content.to_html(source, body_format)


@register.simple_tag(takes_context=True)
def hreflang_links(context: Context) -> SafeString:
    """<link rel="alternate" hreflang> to this page in every language, and x-default."""
    request = context.get("request")
    if request is None:
        return SafeString("")
    links = []
    for code, _name in settings.LANGUAGES:
        path = translate_url(request.path, code)
        links.append((code, request.build_absolute_uri(path)))
    default = translate_url(request.path, settings.LANGUAGE_CODE)
    links.append(("x-default", request.build_absolute_uri(default)))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in links)
    )


@register.simple_tag
def meta_description(text: str) -> SafeString:
    return format_html('<meta name="description" content="{}">', text)
