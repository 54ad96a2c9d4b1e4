import datetime as dt
import re

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dualcareer.network.models import Sector
from dualcareer.openings.exchange_services import (
    network_request_answer,
    network_request_send,
    network_requests_remind_and_expire,
)
from dualcareer.openings.models import NetworkRequest, NetworkRequestRecipient
from dualcareer.openings.tests.factories import make_case, withdraw
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class NetworkRequestTests(BaseTestCase):
    def setUp(self):
        for institution in (self.other_inst, self.employer_inst, self.coord_inst):
            f.ContactFactory(institution=institution, email=f"dcs@{institution.slug}.example.org")
        self.case = make_case(self.inst, self.paula, scopes=("employers",))

    def test_chosen_member_needs_consent(self):
        with self.assertRaises(ValidationError) as raised:
            network_request_send(
                user=self.alice, case=self.case, message="Biochemie", institutions=[self.other_inst]
            )
        self.assertIn("institutions", raised.exception.message_dict)
        self.assertFalse(NetworkRequest.objects.exists())

    def test_whole_network_leaves_out_members_the_consent_does_not_cover(self):
        request, left_out = network_request_send(
            user=self.alice, case=self.case, message="Biochemie", network=self.network
        )
        recipients = set(request.recipients.values_list("institution__sector", flat=True))
        self.assertEqual(recipients, {Sector.COMPANY, Sector.REGIONAL_ASSOCIATION})
        self.assertIn(self.other_inst, left_out)
        self.assertEqual(len(mail.outbox), 2)
        for message in mail.outbox:
            self.assertNotIn("Petra", message.body)

    def test_contact_answers_through_the_signed_link_without_login(self):
        network_request_send(
            user=self.alice, case=self.case, message="Biochemie", institutions=[self.employer_inst]
        )
        match = re.search(r"http\S+/requests/answer/\S+/", mail.outbox[0].body)
        assert match is not None
        link = match.group(0)
        path = "/" + link.split("://", 1)[1].split("/", 1)[1]
        page = self.client.get(path)
        self.assertContains(page, "Massenspektrometrie")
        self.assertNotContains(page, "Quellmalz")
        self.assertNotContains(page, "petra.quellmalz")
        response = self.client.post(path, {"answer": "forwarded", "note": "An die Chemie"})
        self.assertEqual(response.status_code, 302)
        recipient = NetworkRequestRecipient.objects.get()
        self.assertEqual(recipient.answer, "forwarded")
        self.assertEqual(mail.outbox[-1].to, ["alice@example.org"])

    def test_forged_token_is_404(self):
        self.assertEqual(self.client.get("/openings/requests/answer/abc/").status_code, 404)

    def test_answer_after_consent_withdrawn_is_refused_and_page_hides_profile(self):
        request, _ = network_request_send(
            user=self.alice, case=self.case, message="Biochemie", institutions=[self.employer_inst]
        )
        withdraw(self.case, "employers")
        recipient = request.recipients.get()
        with self.assertRaises(ValidationError):
            network_request_answer(recipient=recipient, answer="nothing")

    def test_outsiders_cannot_send(self):
        for outsider in (self.charlie, self.emil, self.paula, self.nobody):
            with self.assertRaises(PermissionDenied):
                network_request_send(
                    user=outsider, case=self.case, message="x", institutions=[self.employer_inst]
                )

    def test_reminded_once_then_expired(self):
        request, _ = network_request_send(
            user=self.alice,
            case=self.case,
            message="Biochemie",
            institutions=[self.employer_inst],
            days=10,
        )
        mail.outbox.clear()
        today = timezone.localdate()
        self.assertEqual(network_requests_remind_and_expire(today=today), (0, 0))
        self.assertEqual(
            network_requests_remind_and_expire(today=today + dt.timedelta(days=6)), (1, 0)
        )
        self.assertEqual(
            network_requests_remind_and_expire(today=today + dt.timedelta(days=8)), (0, 0)
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(
            network_requests_remind_and_expire(today=today + dt.timedelta(days=11)), (0, 1)
        )
        self.assertIsNotNone(request.recipients.get().expired_at)
