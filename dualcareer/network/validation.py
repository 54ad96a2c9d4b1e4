"""Input rules shared by forms and services: plain text only, real German postcodes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dualcareer.network.geo import PostcodePlace, postcode_lookup

# A tag-like sequence ("<b", "</", "<!--", "<?") or a script URL is refused, not cleaned:
# the person sees what was wrong, and nothing half-sanitised is stored.
_MARKUP = re.compile(r"<[a-zA-Z/!?]|javascript:|&#|\bon[a-z]+\s*=", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_plain_text(value: str) -> None:
    """Raise ValidationError if `value` contains HTML, script or control characters."""
    if not value:
        return
    if _MARKUP.search(value):
        raise ValidationError(
            _("Please enter plain text without HTML tags or scripts."), code="markup"
        )
    if _CONTROL.search(value):
        raise ValidationError(_("The text contains invalid control characters."), code="control")


def validate_german_postcode(value: str) -> PostcodePlace:
    """Return the place of a German postcode or raise ValidationError."""
    if not re.fullmatch(r"[0-9]{5}", value or ""):
        raise ValidationError(_("Enter a German postcode of five digits."), code="postcode_format")
    place = postcode_lookup(value)
    if place is None:
        raise ValidationError(
            _("This postcode does not exist in Germany."), code="postcode_unknown"
        )
    return place


def plain_text_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """Return a message per text field in `values` that holds markup."""
    errors: dict[str, str] = {}
    for field, value in values.items():
        if isinstance(value, str):
            try:
                validate_plain_text(value)
            except ValidationError as error:
                errors[field] = error.messages[0]
    return errors


def check_plain_fields(values: Mapping[str, Any]) -> None:
    """Raise one ValidationError naming every text field in `values` that holds markup."""
    errors = plain_text_errors(values)
    if errors:
        raise ValidationError(errors)


def name_key(name: str) -> str:
    """Return a comparison key for organisation names: case, accents, punctuation ignored."""
    text = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "", text)
