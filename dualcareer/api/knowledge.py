"""REST endpoints for the knowledge library's articles (read only).

The library as the reader may read it (`dualcareer.knowledge.selectors`):
public articles for everyone, members-only ones for members sharing a network
with the author institution. Writing happens on the pages.
"""

from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from dualcareer.api.base import ApiView
from dualcareer.api.filtering import order, ordering_parameter, text_parameters
from dualcareer.knowledge import selectors


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


ARTICLE_ORDERING = ("published_on", "title")


class ArticleListView(ApiView):
    """The library: articles you may read, searched and filtered as on the library page."""

    resource = "knowledge"

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


class ArticleDetailView(ApiView):
    """One article you may read, with its text."""

    resource = "knowledge"

    @extend_schema(responses=ArticleSerializer)
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        article = selectors.article_get(user=request.user, public_id=public_id)
        return Response(ArticleSerializer(article).data)
