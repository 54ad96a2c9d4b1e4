"""The error summary of a page whose form was sent back with errors (WCAG 3.3.1, 2.4.3).

`base.html` calls `{% error_summary %}` at the top of `<main>` and
`{% error_title_prefix %}` in `<title>`: both look at every bound form and
formset in the template context, so each page that shows a form again with
errors gets a summary (role="alert", focused on load by `site.js`) listing
each error with a link to its field, and a title starting with "Error: ".
Nothing needs wiring in the page's own template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@dataclass(frozen=True)
class ErrorItem:
    """One line of the summary: the field's label (if any), the message, the link target."""

    label: str
    message: str
    href: str


def _forms_with_errors(context: Context) -> list[forms.BaseForm | _FormsetErrors]:
    """Bound forms (formsets' forms included) in the context that have errors, once each."""
    found: list[forms.BaseForm | _FormsetErrors] = []
    seen: set[int] = set()

    def add(form: forms.BaseForm) -> None:
        if id(form) not in seen and form.is_bound and form.errors:
            seen.add(id(form))
            found.append(form)

    for value in context.flatten().values():
        if isinstance(value, forms.BaseForm):
            add(value)
        elif isinstance(value, forms.BaseFormSet) and value.is_bound:
            if id(value) in seen:
                continue
            seen.add(id(value))
            for form in value.forms:
                add(form)
            if value.non_form_errors():
                found.append(_FormsetErrors(value))
    return found


class _FormsetErrors:
    """Stands in for a form so that a formset's own errors join the summary."""

    is_bound = True

    def __init__(self, formset: forms.BaseFormSet[Any]) -> None:
        self.formset = formset


def _field_target(field: forms.BoundField) -> str:
    """The id to link to: the first radio/checkbox of a group, else the field itself."""
    if field.use_fieldset:
        subwidgets = field.subwidgets
        if subwidgets:
            return str(subwidgets[0].id_for_label or field.auto_id)
    return str(field.id_for_label or field.auto_id)


def error_items(form: forms.BaseForm | _FormsetErrors) -> list[ErrorItem]:
    """The summary lines of one form: its general errors first, then per visible field."""
    if isinstance(form, _FormsetErrors):
        return [ErrorItem("", str(message), "") for message in form.formset.non_form_errors()]
    items = [ErrorItem("", str(message), "") for message in form.non_field_errors()]
    for field in form.hidden_fields():
        items.extend(ErrorItem("", str(message), "") for message in field.errors)
    for field in form.visible_fields():
        target = _field_target(field)
        label = str(field.label or "")
        items.extend(
            ErrorItem(label, str(message), f"#{target}" if target else "")
            for message in field.errors
        )
    return items


@register.simple_tag(takes_context=True)
def error_summary(context: Context) -> SafeString:
    """The summary box of all form errors on the page (empty without errors)."""
    items = [item for form in _forms_with_errors(context) for item in error_items(form)]
    if not items:
        return mark_safe("")
    html: SafeString = render_to_string("site/includes/error_summary.html", {"error_items": items})
    return html


@register.simple_tag(takes_context=True)
def error_title_prefix(context: Context) -> str:
    """ "Error: " (translated) when a form on the page has errors, else ""."""
    if _forms_with_errors(context):
        # not inside an f-string: xgettext would not find it there
        prefix = gettext("Error:")
        return f"{prefix} "
    return ""
