"""Mark text that users wrote with its language when it differs from the page's.

`{% load usercontent %}` then:

- `{% usercontent value lang=obj.language %}`: the text, escaped, wrapped in
  `<span lang="de">` when `lang` is not the page's language (nothing added
  when it is). Without `lang` the language is guessed from the text
  (`core.i18n.guess_language`); unclear text is left unmarked.
  `tag="div"` wraps in another element; `linebreaks=True` renders
  paragraphs like Django's `linebreaks` filter (use with `tag="div"`).
- `<h1{% lang_attr opening.text_language %}>`: ` lang="de"` when the code
  differs from the page's language, else nothing (for an element the
  template writes itself).
- `{{ note|text_lang }}`: the guessed language code of a text ("" if unclear).

Screen readers switch their voice and browsers hyphenate (`hyphens: auto`)
by the `lang` attribute, so German text on an English page needs it.
"""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dualcareer.core.i18n import guess_language

register = template.Library()

_TAGS = frozenset({"span", "div", "p", "h1", "h2", "h3", "h4", "blockquote", "td", "th", "li"})


def _page_language() -> str:
    return (get_language() or "de").split("-")[0]


def _differs(lang: str | None) -> bool:
    return bool(lang) and str(lang).split("-")[0] != _page_language()


@register.simple_tag
def usercontent(
    value: object, lang: str | None = None, tag: str = "span", linebreaks: bool = False
) -> SafeString:
    """The text, marked with its language when that is not the page's language."""
    text = "" if value is None else str(value)
    if not text:
        return mark_safe("")
    if tag not in _TAGS:
        raise template.TemplateSyntaxError(f"usercontent: tag {tag!r} is not allowed")
    if linebreaks and tag == "span":
        tag = "div"
    code = lang if lang else guess_language(text)
    body = linebreaks_filter(text, autoescape=True) if linebreaks else conditional_escape(text)
    if not _differs(code):
        if tag == "span" and not linebreaks:
            return SafeString(body)
        return format_html("<{}>{}</{}>", tag, body, tag)
    return format_html('<{} lang="{}">{}</{}>', tag, str(code).split("-")[0], body, tag)


@register.simple_tag
def lang_attr(lang: str | None) -> SafeString:
    """` lang="xx"` when `lang` differs from the page's language, else an empty string."""
    if not _differs(lang):
        return mark_safe("")
    return format_html(' lang="{}"', str(lang).split("-")[0])


@register.filter
def text_lang(value: object) -> str:
    """The guessed language ("de", "en") of a text, "" when unclear."""
    return guess_language(str(value or "")) or ""
