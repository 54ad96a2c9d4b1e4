"""REST endpoints for cases, their partner profile and consents (read only, officers).

The rules of the case pages (`dualcareer.cases.selectors`): an officer reads
the cases of their institution, confidential ones only when assigned; every
read of one case is audited ("case.viewed"), as the case page is. The list
carries no personal data (references and codes); the partner's profile and
consents come with one case. Changes are made on the pages.
"""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from dualcareer.api.base import ApiView
from dualcareer.api.filtering import text_parameters
from dualcareer.cases import selectors


class CaseListSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField(source="ref")
    institution = serializers.CharField(source="institution.slug")
    kind = serializers.CharField()
    status = serializers.CharField()
    outcome = serializers.CharField()
    confidential = serializers.BooleanField()
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)


class ProfileSerializer(serializers.Serializer):
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    city = serializers.CharField()
    profile_language = serializers.CharField()
    highest_degree = serializers.CharField()
    professional_field = serializers.CharField()
    experience_years = serializers.IntegerField(allow_null=True)
    skills = serializers.CharField()
    languages = serializers.JSONField()
    desired_positions = serializers.CharField()
    desired_sectors = serializers.JSONField()
    working_time = serializers.CharField()
    earliest_start = serializers.DateField(allow_null=True)
    work_places = serializers.CharField()
    radius_km = serializers.IntegerField(allow_null=True)
    remote = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)


class ConsentSerializer(serializers.Serializer):
    scope = serializers.CharField()
    granted_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class CaseSerializer(CaseListSerializer):
    recruited_position = serializers.CharField()
    recruited_department = serializers.CharField()
    recruited_start_date = serializers.DateField(allow_null=True)
    profile = ProfileSerializer(source="profile_data", allow_null=True)
    consents = ConsentSerializer(
        source="consent_list", many=True, help_text="The consents in force now."
    )


class CaseListView(ApiView):
    """The cases you may read (your institution's; confidential ones if assigned)."""

    resource = "cases"

    @extend_schema(parameters=text_parameters("status"), responses=CaseListSerializer(many=True))
    def get(self, request: Request) -> Response:
        cases = selectors.case_list(user=request.user, status=request.query_params.get("status"))
        return self.paginate(request, cases, CaseListSerializer)


class CaseDetailView(ApiView):
    """One case with the partner's profile and the consents in force (audited as a read)."""

    resource = "cases"

    @extend_schema(responses=CaseSerializer)
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        case: Any = selectors.case_for_officer(user=request.user, public_id=public_id)
        case.profile_data = selectors.partner_profile_of(case=case)
        case.consent_list = list(selectors.consents_in_force(case=case).values())
        data = CaseSerializer(case).data
        return Response(data)
