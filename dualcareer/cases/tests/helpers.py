"""Shared set-up for the cases tests: a case at `inst` with paula as the partner."""

from typing import Any

from dualcareer.cases import services
from dualcareer.cases.models import Case
from dualcareer.testing.base import BaseTestCase


class CaseTestCase(BaseTestCase):
    """BaseTestCase plus `case`: alice's case at `inst`, paula's account linked."""

    case: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = cls.open_case()
        cls.case.partner_user = cls.paula
        cls.case.save()

    @classmethod
    def open_case(cls, **kwargs: Any) -> Case:
        params: dict[str, Any] = {
            "actor": cls.alice,
            "institution": cls.inst,
            "recruited_name": "Prof. Dr. Rita Berufen",
            "partner_first_name": "Paula",
            "partner_last_name": "Partner",
            "partner_email": "paula@example.org",
        }
        params.update(kwargs)
        return services.case_open(**params)
