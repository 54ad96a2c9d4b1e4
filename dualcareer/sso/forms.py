"""The coordinator's form for an institution's identity provider."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from dualcareer.network.models import Institution
from dualcareer.sso.models import IdentityProvider


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """The model field's form field; an address typed without a scheme is taken as https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class IdentityProviderForm(forms.ModelForm):
    """Which provider, how its attributes are named, and who gets in with what."""

    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), empty_label=None
    )
    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        max_length=255,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the stored secret."),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "institution",
            "label",
            "slug",
            "protocol",
            "is_active",
            "metadata_xml",
            "attr_principal",
            "attr_email",
            "attr_given_name",
            "attr_surname",
            "attr_affiliation",
            "issuer",
            "client_id",
            "client_secret",
            "scopes",
            "email_domains",
            "create_users",
            "link_by_email",
            "employer_affiliations",
            "mfa_enforced_by_idp",
        ]
        widgets = {"metadata_xml": forms.Textarea(attrs={"rows": 8, "spellcheck": "false"})}
        formfield_callback = _formfield

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        field.queryset = institutions  # type: ignore[attr-defined]
        if self.instance.pk:
            field.disabled = True

    def validate_unique(self) -> None:
        """Uniqueness is checked by the service (with the entity ID it reads from the metadata)."""
