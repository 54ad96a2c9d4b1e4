"""Forms of the knowledge pages; the services repeat every rule, forms give the messages early."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dualcareer.core import uploads
from dualcareer.knowledge.models import (
    Area,
    ArticleComment,
    ContentLanguage,
    Rating,
    Topic,
    Visibility,
)
from dualcareer.knowledge.services import AnswerInput, ArticleInput
from dualcareer.network.models import Sector
from dualcareer.network.validation import validate_plain_text


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(uploads.FileField):
    """Several files in one field (each checked by the service)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.pptx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Any topic")), *Topic.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), ("de", _("German")), ("en", _("English"))],
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.choices]
    )


class ArticleForm(forms.Form):
    """Write or edit an article; `version` carries the version the editor loaded."""

    institution = forms.ChoiceField(label=_("Published by"))
    title = forms.CharField(label=_("Title"), max_length=200, validators=[validate_plain_text])
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_plain_text],
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        validators=[validate_plain_text],
        help_text=_("Plain text; leave a blank line between paragraphs."),
    )
    language = forms.ChoiceField(
        label=_("Language of the article"), choices=ContentLanguage.choices
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.choices]
    )
    published_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices)
    documents = MultipleFileField(
        label=_("Attach documents"),
        required=False,
        help_text=_("PDF, Word (DOCX) or PowerPoint (PPTX); several files possible."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, institutions: list[Any], editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        if editing:
            del self.fields["institution"]
            del self.fields["published_on"]
        else:
            field.choices = [(str(i.pk), i.display_name) for i in institutions]  # type: ignore[attr-defined]

    def values(self) -> ArticleInput:
        data = self.cleaned_data
        return ArticleInput(
            title=data["title"],
            summary=data.get("summary", ""),
            body=data["body"],
            language=data["language"],
            topics=list(data.get("topics") or []),
            sector=data.get("sector", ""),
            visibility=data["visibility"],
            published_on=data.get("published_on"),
        )


class CommentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ArticleComment.Kind.choices, widget=forms.RadioSelect
    )
    body = forms.CharField(
        label=_("Your comment or question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_plain_text],
    )


class StandardsItemForm(forms.Form):
    """One criterion or guideline, in German and English."""

    code = forms.CharField(label=_("Code"), max_length=12)
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    order = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    title_de = forms.CharField(label=_("Title (German)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    explanation_de = forms.CharField(
        label=_("Explanation (German)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    explanation_en = forms.CharField(
        label=_("Explanation (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    examples_de = forms.CharField(
        label=_("Examples (German), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    examples_en = forms.CharField(
        label=_("Examples (English), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind != "criterion":
            del self.fields["area"]
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_plain_text)


class AssessmentForm(forms.Form):
    """One rating, evidence and plan per criterion (fields named by the criterion's code)."""

    shared = forms.BooleanField(
        label=_("Share our answers with the network's members as a best-practice example"),
        required=False,
    )

    def __init__(self, *args: Any, criteria: list[Any], answers: dict[int, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            answer = answers.get(criterion.pk)
            code = criterion.code
            self.fields[f"rating_{code}"] = forms.ChoiceField(
                label=_("Rating"),
                choices=[("", _("Not rated yet")), *Rating.choices],
                required=False,
                initial=answer.rating if answer else "",
            )
            self.fields[f"evidence_{code}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[validate_plain_text],
                initial=answer.evidence if answer else "",
            )
            self.fields[f"plan_{code}"] = forms.CharField(
                label=_("Plan"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[validate_plain_text],
                initial=answer.plan if answer else "",
            )

    def groups(self) -> list[tuple[Any, list[Any]]]:
        """(criterion, [bound fields]) for the template."""
        return [
            (
                criterion,
                [self[f"{name}_{criterion.code}"] for name in ("rating", "evidence", "plan")],
            )
            for criterion in self.criteria
        ]

    def answers(self) -> dict[str, AnswerInput]:
        data = self.cleaned_data
        return {
            criterion.code: AnswerInput(
                rating=data.get(f"rating_{criterion.code}", ""),
                evidence=data.get(f"evidence_{criterion.code}", ""),
                plan=data.get(f"plan_{criterion.code}", ""),
            )
            for criterion in self.criteria
        }


class ThreadForm(forms.Form):
    network = forms.ChoiceField(label=_("Network"))
    title = forms.CharField(label=_("Title"), max_length=200, validators=[validate_plain_text])
    body = forms.CharField(
        label=_("Your contribution"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_plain_text],
    )

    def __init__(self, *args: Any, networks: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = [(n.slug, n.display_name) for n in networks]  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_plain_text],
    )
