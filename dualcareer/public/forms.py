"""Forms of the public site; the services repeat every rule, forms give the messages early."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dualcareer.public import spam
from dualcareer.public.models import BodyFormat, ConsentScope, PageKind

BODY_HELP = _(
    "Markdown: ## for a heading, **bold**, - for a list item, [text](/path/) for a link. "
    "Links to this site start with / (the English page is found automatically). "
    "Scripts and event handlers are refused."
)


class PageForm(forms.Form):
    """A page in both languages. `action` says whether to preview or to publish."""

    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        required=False,
        help_text=_("Lower-case letters, digits and hyphens; cannot be changed later."),
    )
    body_format = forms.ChoiceField(label=_("Format"), choices=BodyFormat.choices)
    title_de = forms.CharField(label=_("Title (German)"), max_length=200)
    description_de = forms.CharField(
        label=_("Description for search engines (German)"),
        max_length=300,
        help_text=_("One or two sentences shown in search results."),
    )
    body_de = forms.CharField(
        label=_("Text (German)"), widget=forms.Textarea(attrs={"rows": 16}), help_text=BODY_HELP
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    description_en = forms.CharField(
        label=_("Description for search engines (English)"), max_length=300
    )
    body_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 16}))
    publish = forms.BooleanField(
        label=_("Published"),
        required=False,
        initial=True,
        help_text=_("Unpublished pages are seen by the editors only."),
    )

    def __init__(self, *args: Any, new: bool = False, system: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if new:
            self.fields["slug"].required = True
        else:
            del self.fields["slug"]
        if system:
            del self.fields["publish"]
        for language in ("de", "en"):
            self.fields[f"title_{language}"].widget.attrs["lang"] = language
            self.fields[f"description_{language}"].widget.attrs["lang"] = language
            self.fields[f"body_{language}"].widget.attrs["lang"] = language


class NewPageKindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PageKind.choices)


class StoryConsentForm(forms.Form):
    given_by = forms.CharField(
        label=_("Consent given by"),
        max_length=200,
        help_text=_("Who consented, e.g. both partners by name."),
    )
    given_on = forms.DateField(
        label=_("Consent given on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=ConsentScope.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=_("Where the signed consent is kept"),
        max_length=200,
        help_text=_("E.g. the file reference of the signed form at the coordination office."),
    )

    def clean_given_on(self) -> Any:
        value = self.cleaned_data["given_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of the consent cannot be in the future."))
        return value


class ContactForm(forms.Form):
    """The contact form: `website` is a honeypot, `started` the signed moment it was shown."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    privacy = forms.BooleanField(
        label=_("I have read the privacy notice."),
        help_text=_("We use your details only to answer you and delete them after six months."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not self.is_bound:
            self.initial["started"] = spam.started_token()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("Your message could not be sent. Please try again."))
        seconds = spam.seconds_since(str(data.get("started") or ""))
        if seconds is None:
            raise forms.ValidationError(
                _("The form has expired. Please send your message again."), code="expired"
            )
        if seconds < spam.MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check your message and send it again.")
            )
        return data
