"""REST endpoints for the knowledge library's articles: read, publish, change.

The library as the reader may read it (`dualcareer.knowledge.selectors`):
public articles for everyone, members-only ones for members sharing a network
with the author institution. Writing as on the pages: the body goes through
the page's `ArticleForm` and `services.article_create` / `article_update`
(permission, version, audit). A change names the `version` it is based on; if
someone saved in between, 409 `{"code": "edit_conflict", "current_version": n}`
and nothing is written. Documents are attached on the pages.
"""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dualcareer.api.base import ApiView
from dualcareer.api.filtering import order, ordering_parameter, text_parameters
from dualcareer.api.openings import PARSERS
from dualcareer.knowledge import selectors, services
from dualcareer.knowledge.forms import ArticleForm
from dualcareer.knowledge.models import Article, ContentLanguage, Topic, Visibility
from dualcareer.network.models import Institution, Sector


class ArticleListSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    institution = serializers.CharField(source="institution.slug")
    title = serializers.CharField()
    summary = serializers.CharField()
    language = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    sector = serializers.CharField()
    published_on = serializers.DateField()
    visibility = serializers.CharField()
    version = serializers.IntegerField()


class ArticleSerializer(ArticleListSerializer):
    body = serializers.CharField()


class ArticleInputSerializer(serializers.Serializer):
    """A new article, published in the name of an institution where you write articles."""

    institution = serializers.SlugField(help_text="Slug of your own (member) institution.")
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True)
    body = serializers.CharField(help_text="Plain text; a blank line between paragraphs.")
    language = serializers.ChoiceField(choices=ContentLanguage.choices)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), required=False, max_length=50
    )
    sector = serializers.ChoiceField(
        choices=[("", ""), *Sector.choices], required=False, allow_blank=True
    )
    published_on = serializers.DateField(required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices)


class ArticleUpdateSerializer(ArticleInputSerializer):
    """A change: the fields sent replace the stored ones; `version` is the one you read."""

    version = serializers.IntegerField(
        help_text="The article's version your change is based on (409 if it has moved on)."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("institution")
        self.fields.pop("published_on")
        for name, field in self.fields.items():
            field.required = name == "version"


EditConflictSerializer = inline_serializer(
    "EditConflict",
    fields={
        "code": serializers.ChoiceField(choices=["edit_conflict"]),
        "detail": serializers.CharField(),
        "current_version": serializers.IntegerField(),
    },
)

FORM_FIELDS = ("title", "summary", "body", "language", "topics", "sector", "visibility")


def _raise_named(errors: dict[str, Any]) -> NoReturn:
    raise ValidationError(
        {("non_field_errors" if k == "__all__" else k): list(v) for k, v in errors.items()}
    )


def _checked(form: ArticleForm) -> services.ArticleInput:
    """The page's form over the request's values: its rules, its messages."""
    if not form.is_valid():
        _raise_named(form.errors)
    return form.values()


def _article_data(request: Request, article: Article) -> dict[str, Any]:
    fresh = selectors.article_get(user=request.user, public_id=article.public_id)
    return dict(ArticleSerializer(fresh).data)


ARTICLE_ORDERING = ("published_on", "title")


class ArticleListView(ApiView):
    """GET: the library, articles you may read, searched and filtered as on the library page.

    POST: publish an article in the name of your own institution (members only).
    """

    resource = "knowledge"
    parser_classes = PARSERS

    @extend_schema(
        parameters=[
            *text_parameters("q", "topic", "language", "sector", "institution"),
            ordering_parameter(ARTICLE_ORDERING),
        ],
        responses=ArticleListSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        filters = selectors.LibraryFilter(
            **{
                name: params.get(name, "")
                for name in ("q", "topic", "language", "sector", "institution")
            }
        )
        articles = order(
            request, selectors.article_list(user=request.user, filters=filters), ARTICLE_ORDERING
        )
        return self.paginate(request, articles, ArticleListSerializer)

    @extend_schema(request=ArticleInputSerializer, responses={201: ArticleSerializer})
    def post(self, request: Request) -> Response:
        if not selectors.writable_institutions(user=request.user):
            raise PermissionDenied(_("Only the staff of member institutions publish articles."))
        serializer = ArticleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        institution = Institution.objects.filter(slug=data["institution"]).first()
        if institution is None:
            raise ValidationError({"institution": [_("Unknown institution.")]})
        form = ArticleForm({**data, "institution": str(institution.pk)}, institutions=[institution])
        values = _checked(form)
        try:
            article = services.article_create(
                actor=request.user,  # type: ignore[arg-type]  # authenticated
                institution=institution,
                values=values,
            )
        except DjangoValidationError as error:
            _raise_named(
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
        return Response(_article_data(request, article), status=status.HTTP_201_CREATED)


class ArticleDetailView(ApiView):
    """GET: one article you may read, with its text. PATCH: change one you may edit."""

    resource = "knowledge"
    parser_classes = PARSERS

    @extend_schema(responses=ArticleSerializer)
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        article = selectors.article_get(user=request.user, public_id=public_id)
        return Response(ArticleSerializer(article).data)

    @extend_schema(
        request=ArticleUpdateSerializer,
        responses={200: ArticleSerializer, 409: EditConflictSerializer},
    )
    def patch(self, request: Request, public_id: uuid.UUID) -> Response:
        article = selectors.article_editable_get(user=request.user, public_id=public_id)
        serializer = ArticleUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        current = {name: getattr(article, name) for name in FORM_FIELDS}
        form = ArticleForm({**current, **data}, institutions=[], editing=True)
        values = _checked(form)
        try:
            article = services.article_update(
                actor=request.user,  # type: ignore[arg-type]  # authenticated
                article=article,
                values=values,
                expected_version=data["version"],
            )
        except services.EditConflict as error:
            return Response(
                {
                    "code": "edit_conflict",
                    "detail": " ".join(error.messages),
                    "current_version": error.current_version,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as error:
            _raise_named(
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
        return Response(_article_data(request, article))
