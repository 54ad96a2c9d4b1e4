import base64
import binascii
import contextlib
import zlib

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dualcareer.exchange.models import EmployerInterest
from dualcareer.exchange.services import (
    case_from_interest_token,
    employer_interest_express,
    interest_token,
)
from dualcareer.openings.tests.factories import OpeningFactory, make_case, withdraw
from dualcareer.testing.base import BaseTestCase


def _common_substring(first: str, second: str) -> str:
    """The longest substring the two texts share."""
    best = ""
    for start in range(len(first)):
        for end in range(start + len(best) + 1, len(first) + 1):
            if first[start:end] in second:
                best = first[start:end]
            else:
                break
    return best


def _decodings(token: str) -> list[str]:
    """Whatever base64, hex or zlib decoding of the token and its parts yields, as text."""
    parts = {token, *token.replace(":", ".").split(".")}
    found: list[str] = []
    for part in parts:
        candidates: list[bytes] = []
        padded = part + "=" * (-len(part) % 4)
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            with contextlib.suppress(binascii.Error, ValueError):
                candidates.append(decode(padded))
        with contextlib.suppress(ValueError):
            candidates.append(bytes.fromhex(part))
        for raw in list(candidates):
            with contextlib.suppress(zlib.error):
                candidates.append(zlib.decompress(raw))
        for raw in candidates:
            found.append(raw.decode("latin-1").lower())
            found.append(raw.hex())
    return found


class EmployerInterestTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.case.assigned_officers.set([self.alice])
        self.opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")

    def test_officers_are_told_without_telling_the_employer_who_it_is(self):
        _interest, created = employer_interest_express(
            user=self.emil, opening=self.opening, case=self.case
        )
        self.assertTrue(created)
        self.assertEqual([m.to for m in mail.outbox], [["alice@example.org"]])
        self.assertIn(self.case.reference, mail.outbox[0].subject)
        _again, created = employer_interest_express(
            user=self.emil, opening=self.opening, case=self.case
        )
        self.assertFalse(created)
        self.assertEqual(len(mail.outbox), 1)

    def test_refused_without_consent_or_for_outsiders(self):
        for outsider in (self.charlie, self.paula, self.nobody):
            with self.assertRaises(PermissionDenied):
                employer_interest_express(user=outsider, opening=self.opening, case=self.case)
        withdraw(self.case, "employers")
        with self.assertRaises(PermissionDenied):
            employer_interest_express(user=self.emil, opening=self.opening, case=self.case)
        self.assertFalse(EmployerInterest.objects.exists())

    def test_token_is_bound_to_the_opening_and_cannot_be_forged(self):
        token = interest_token(opening=self.opening, case=self.case)
        shown = [self.case]
        self.assertEqual(
            case_from_interest_token(opening=self.opening, token=token, cases=shown), self.case
        )
        other = OpeningFactory(institution=self.employer_inst)
        self.assertIsNone(case_from_interest_token(opening=other, token=token, cases=shown))
        self.assertIsNone(
            case_from_interest_token(
                opening=self.opening, token=str(self.case.public_id), cases=shown
            )
        )
        self.assertIsNone(case_from_interest_token(opening=self.opening, token="", cases=shown))

    def test_a_token_only_finds_a_profile_among_those_shown(self):
        token = interest_token(opening=self.opening, case=self.case)
        other_case = make_case(self.inst, None, scopes=("employers",))
        self.assertIsNone(
            case_from_interest_token(opening=self.opening, token=token, cases=[other_case])
        )

    def test_tokens_of_one_profile_on_two_openings_share_nothing_derivable(self):
        second = OpeningFactory(institution=self.employer_inst, title_de="Labortechnik")
        first_token = interest_token(opening=self.opening, case=self.case)
        second_token = interest_token(opening=second, case=self.case)
        self.assertNotEqual(first_token, second_token)
        self.assertLess(len(_common_substring(first_token, second_token)), 8)
        case_id = self.case.public_id
        secrets = {str(case_id), case_id.hex, case_id.hex[:8], case_id.hex[-12:]}
        for token in (first_token, second_token):
            for text in [token.lower(), *(_decodings(token))]:
                for secret in secrets:
                    self.assertNotIn(secret, text)
                self.assertNotIn(case_id.bytes.hex(), text)

    def test_interest_through_the_page_shows_on_the_case(self):
        self.client.force_login(self.emil)
        url = reverse("exchange:opening_matches", args=[self.opening.public_id])
        token = interest_token(opening=self.opening, case=self.case)
        self.assertRedirects(
            self.client.post(url, {"profile": token}), url, fetch_redirect_response=False
        )
        self.assertEqual(self.client.post(url, {"profile": "forged"}).status_code, 404)
        self.client.force_login(self.bob)
        page = self.client.get(reverse("exchange:case", args=[self.case.public_id]))
        self.assertContains(page, "Laborleitung")
