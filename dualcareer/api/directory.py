"""REST endpoints for the member directory: institutions and networks (read only).

What the public directory pages show (`dualcareer.network.selectors`), for
every signed-in user; changes are made on the pages.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from dualcareer.api.base import ApiView
from dualcareer.api.filtering import order, ordering_parameter, text_parameters
from dualcareer.network import selectors


class MembershipSerializer(serializers.Serializer):
    network = serializers.CharField(source="network.slug")
    joined_on = serializers.DateField(allow_null=True)


class InstitutionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    short_name = serializers.CharField()
    sector = serializers.CharField()
    street = serializers.CharField()
    postcode = serializers.CharField(help_text="Five digits, or empty.")
    city = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    website = serializers.CharField()
    description_de = serializers.CharField()
    description_en = serializers.CharField()
    offers_dual_career_service = serializers.BooleanField()
    offers_family_service = serializers.BooleanField()


class InstitutionListSerializer(InstitutionSerializer):
    networks = MembershipSerializer(source="current_memberships", many=True)


class NetworkSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    parent = serializers.CharField(  # type: ignore[assignment]  # a field named "parent"
        source="parent.slug", allow_null=True, default=None
    )
    coordinating_institution = serializers.CharField(
        source="coordinating_institution.slug", allow_null=True, default=None
    )
    founded_on = serializers.DateField(allow_null=True)
    website = serializers.CharField()
    member_count = serializers.IntegerField()


INSTITUTION_ORDERING = ("name", "city")
NETWORK_ORDERING = ("name", "founded_on")


class InstitutionListView(ApiView):
    """The member directory: active institutions that are current members of a network."""

    resource = "institutions"

    @extend_schema(
        parameters=[
            *text_parameters("q", "sector", "city", "service", "network"),
            ordering_parameter(INSTITUTION_ORDERING),
        ],
        responses=InstitutionListSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        filters = selectors.DirectoryFilter(
            **{name: params.get(name, "") for name in ("q", "sector", "city", "service", "network")}
        )
        institutions = order(
            request, selectors.member_directory(filters=filters), INSTITUTION_ORDERING
        )
        return self.paginate(request, institutions, InstitutionListSerializer)


class InstitutionDetailView(ApiView):
    """One institution whose page is public (a current or former member or signatory)."""

    resource = "institutions"

    @extend_schema(responses=InstitutionSerializer)
    def get(self, request: Request, slug: str) -> Response:
        institution = selectors.institution_public(slug=slug)
        if institution is None:
            raise Http404
        return Response(InstitutionSerializer(institution).data)


class NetworkListView(ApiView):
    """The networks, with their number of current members."""

    resource = "networks"

    @extend_schema(
        parameters=[ordering_parameter(NETWORK_ORDERING)], responses=NetworkSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        networks = order(request, selectors.network_list(), NETWORK_ORDERING)
        return self.paginate(request, networks, NetworkSerializer)


class NetworkDetailView(ApiView):
    resource = "networks"

    @extend_schema(responses=NetworkSerializer)
    def get(self, request: Request, slug: str) -> Response:
        network = selectors.network_public(slug=slug)
        if network is None:
            raise Http404
        return Response(NetworkSerializer(network).data)
