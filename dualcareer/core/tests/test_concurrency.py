"""Double submissions act once; two people editing the same record get a conflict.

Sequential tests (both databases) submit the same form twice; the tests
with threads (PostgreSQL only) send both requests at the same moment.
"""

from __future__ import annotations

import threading
import unittest
from typing import Any
from unittest import mock

from django.db import IntegrityError, connection, connections
from django.db.models import Model
from django.test import Client, TransactionTestCase
from django.urls import reverse

from dualcareer.accounts.models import Role
from dualcareer.cases.models import Case, Invitation
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core import idempotency, locking
from dualcareer.core.models import FormToken
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing import factories as f


def form_data(*forms: Any) -> dict[str, Any]:
    """The POST body a browser sends for the forms as shown (their initial values)."""
    data: dict[str, Any] = {}
    for form in forms:
        if hasattr(form, "management_form"):  # a formset
            data.update(form_data(form.management_form))
            for sub in form.forms:
                data.update(form_data(sub))
            continue
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):
                value = [str(v.pk if isinstance(v, Model) else v) for v in value]
            elif isinstance(value, Model):
                value = str(value.pk)
            elif value is True:
                value = "on"
            data[bound.html_name] = value
    return data


class DoubleSubmitTest(CaseTestCase):
    def _open_form(self) -> dict[str, Any]:
        response = self.client.get(reverse("cases:open"))
        data = form_data(response.context["form"])
        data.update(
            {
                "institution": str(self.inst.pk),
                "kind": "recruitment",
                "recruited_name": "Prof. Dr. Zweimal",
                "assigned_officers": [str(self.bob.pk)],
            }
        )
        return data

    def test_the_same_case_form_sent_twice_opens_one_case(self):
        self.client.force_login(self.alice)
        data = self._open_form()
        self.assertTrue(data[idempotency.FIELD_NAME])
        first = self.client.post(reverse("cases:open"), data)
        second = self.client.post(reverse("cases:open"), data, follow=True)
        cases = Case.objects.filter(recruited_name="Prof. Dr. Zweimal")
        self.assertEqual(cases.count(), 1)
        self.assertEqual(second.redirect_chain[0][0], first["Location"])
        self.assertContains(second, "bereits abgeschickt")

    def test_a_new_form_opens_a_new_case(self):
        self.client.force_login(self.alice)
        self.client.post(reverse("cases:open"), self._open_form())
        self.client.post(reverse("cases:open"), self._open_form())
        self.assertEqual(Case.objects.filter(recruited_name="Prof. Dr. Zweimal").count(), 2)

    def test_a_refused_submission_leaves_the_token_usable(self):
        self.client.force_login(self.alice)
        data = self._open_form()
        data["recruited_name"] = ""
        self.assertEqual(self.client.post(reverse("cases:open"), data).status_code, 200)
        self.assertFalse(FormToken.objects.exists())
        data["recruited_name"] = "Prof. Dr. Zweimal"
        self.assertEqual(self.client.post(reverse("cases:open"), data).status_code, 302)
        self.assertEqual(Case.objects.filter(recruited_name="Prof. Dr. Zweimal").count(), 1)

    def test_another_users_token_does_not_reveal_their_case(self):
        self.client.force_login(self.alice)
        data = self._open_form()
        self.client.post(reverse("cases:open"), data)
        self.client.force_login(self.bob)
        data["assigned_officers"] = [str(self.alice.pk)]
        response = self.client.post(reverse("cases:open"), data)
        self.assertEqual(response["Location"], reverse("cases:list"))

    def test_the_same_invitation_sent_twice_queues_one(self):
        from dualcareer.cases import services

        case = services.case_open(actor=self.alice, institution=self.inst, recruited_name="Y")
        self.client.force_login(self.alice)
        url = reverse("cases:invite", args=[case.public_id])
        data = form_data(self.client.get(url).context["form"])
        data.update({"email": "partnerin@example.org", "language": "de"})
        self.client.post(url, data)
        second = self.client.post(url, data)
        self.assertEqual(second.status_code, 302)
        self.assertEqual(Invitation.objects.filter(case=case).count(), 1)


class EditConflictTest(CaseTestCase):
    def test_two_officers_editing_the_same_case(self):
        url = reverse("cases:edit", args=[self.case.public_id])
        self.client.force_login(self.alice)
        alice_form = form_data(self.client.get(url).context["form"])
        bob = Client()
        bob.force_login(self.bob)
        bob_form = form_data(bob.get(url).context["form"])
        bob_form["recruited_position"] = "Professur für Statik"
        self.assertEqual(bob.post(url, bob_form).status_code, 302)

        alice_form["recruited_position"] = "W3-Professur"
        response = self.client.post(url, alice_form)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Jemand anderes hat dies")
        self.case.refresh_from_db()
        self.assertEqual(self.case.recruited_position, "Professur für Statik")
        # The form now carries the current version: saving again is deliberate and works.
        again = form_data(response.context["form"])
        self.assertEqual(again[locking.FIELD_NAME], locking.version_of(self.case))
        self.assertEqual(self.client.post(url, again).status_code, 302)
        self.case.refresh_from_db()
        self.assertEqual(self.case.recruited_position, "W3-Professur")

    def test_an_unchanged_case_saves_normally(self):
        url = reverse("cases:edit", args=[self.case.public_id])
        self.client.force_login(self.alice)
        data = form_data(self.client.get(url).context["form"])
        data["recruited_position"] = "Juniorprofessur"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.case.refresh_from_db()
        self.assertEqual(self.case.recruited_position, "Juniorprofessur")

    def test_the_officer_and_the_partner_editing_the_profile(self):
        officer_url = reverse("cases:profile_edit", args=[self.case.public_id])
        self.client.force_login(self.alice)
        officer_form = form_data(self.client.get(officer_url).context["form"])
        partner = Client()
        partner.force_login(self.paula)
        partner_url = reverse("cases:my_profile")
        partner_form = form_data(partner.get(partner_url).context["form"])
        partner_form["skills"] = "Projektmanagement"
        self.assertEqual(partner.post(partner_url, partner_form).status_code, 302)

        officer_form["skills"] = "Buchhaltung"
        response = self.client.post(officer_url, officer_form)
        self.assertContains(response, "Jemand anderes hat dies")
        self.case.profile.refresh_from_db()
        self.assertEqual(self.case.profile.skills, "Projektmanagement")

    def test_two_people_editing_the_same_opening(self):
        opening = OpeningFactory(institution=self.inst, created_by=self.alice)
        url = reverse("openings:edit", args=[opening.public_id])
        self.client.force_login(self.alice)
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        alice_form = form_data(page.context["form"], page.context["formset"])
        bob = Client()
        bob.force_login(self.bob)
        page = bob.get(url)
        bob_form = form_data(page.context["form"], page.context["formset"])
        bob_form["title_de"] = "Sachbearbeitung Einkauf"
        saved = bob.post(url, bob_form)
        self.assertEqual(saved.status_code, 302, saved.context and saved.context["form"].errors)

        alice_form["title_de"] = "Referentin Einkauf"
        response = self.client.post(url, alice_form)
        self.assertContains(response, "Jemand anderes hat dies")
        opening.refresh_from_db()
        self.assertEqual(opening.title_de, "Sachbearbeitung Einkauf")


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "SQLite serialises all writers (one write lock): two requests cannot run in parallel",
)
class ParallelSubmitTest(TransactionTestCase):
    """Two requests at the same moment, each in its own thread and connection."""

    serialized_rollback = True  # keeps the rows migrations created (process steps)

    def _in_parallel(self, calls: list[Any]) -> list[Any]:
        barrier = threading.Barrier(len(calls))
        results: list[Any] = [None] * len(calls)

        def run(index: int, call: Any) -> None:
            try:
                barrier.wait()
                results[index] = call()
            except Exception as error:
                results[index] = error
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    def test_a_double_click_on_open_case_opens_one(self):
        inst: Any = f.InstitutionFactory()
        alice = f.UserFactory(email="alice-parallel@example.org")
        f.InstitutionRoleFactory(user=alice, institution=inst, role=Role.OFFICER)
        setup = Client()
        setup.force_login(alice)
        data = form_data(setup.get(reverse("cases:open")).context["form"])
        data.update(
            {
                "institution": str(inst.pk),
                "kind": "recruitment",
                "recruited_name": "Prof. Parallel",
            }
        )
        clients = [Client(), Client()]
        for client in clients:
            client.force_login(alice)
        for _attempt in range(5):  # the issue measured 5 of 5 tries creating two cases
            token = idempotency.new_token()
            body = {**data, idempotency.FIELD_NAME: token}
            results = self._in_parallel(
                [lambda c=c, b=body: c.post(reverse("cases:open"), b) for c in clients]
            )
            self.assertEqual([getattr(r, "status_code", r) for r in results], [302, 302])
            self.assertEqual(results[0]["Location"], results[1]["Location"])
        self.assertEqual(Case.objects.filter(recruited_name="Prof. Parallel").count(), 5)

    def test_two_saves_of_the_same_case_at_once_one_conflicts(self):
        inst: Any = f.InstitutionFactory()
        officers = []
        for name in ("alice", "bob"):
            user = f.UserFactory(email=f"{name}-parallel@example.org")
            f.InstitutionRoleFactory(user=user, institution=inst, role=Role.OFFICER)
            officers.append(user)
        from dualcareer.cases import services

        case = services.case_open(
            actor=officers[0], institution=inst, recruited_name="X", assigned_officers=officers
        )
        url = reverse("cases:edit", args=[case.public_id])
        clients, bodies = [], []
        for officer, position in zip(officers, ("Eins", "Zwei"), strict=True):
            client = Client()
            client.force_login(officer)
            body = form_data(client.get(url).context["form"])
            body["recruited_position"] = position
            clients.append(client)
            bodies.append(body)
        results = self._in_parallel(
            [lambda c=c, b=b: c.post(url, b) for c, b in zip(clients, bodies, strict=True)]
        )
        self.assertEqual(sorted(r.status_code for r in results), [200, 302])
        conflict = next(r for r in results if r.status_code == 200)
        self.assertIn("Jemand anderes hat dies", conflict.content.decode())
        winner = results.index(next(r for r in results if r.status_code == 302))
        case.refresh_from_db()
        self.assertEqual(case.recruited_position, ("Eins", "Zwei")[winner])


class ImportRaceTest(CaseTestCase):
    """A window whose postings a parallel import stored first is stored again as updates."""

    def test_a_unique_reference_clash_is_retried_as_updates(self):
        import json

        from dualcareer.openings import importing
        from dualcareer.openings.models import Opening
        from dualcareer.openings.tests.test_openings_import import posting

        feed = json.dumps([posting("R-1"), posting("R-2")])
        real_store = importing._store_batch
        calls = {"n": 0}

        def racing_store(*args: Any, **kwargs: Any) -> None:
            calls["n"] += 1
            if calls["n"] == 1:
                # The other import commits the same postings between this one's read
                # of the existing openings and its insert: the unique reference clashes.
                importing.openings_import(user=self.emil, institution=self.employer_inst, text=feed)
                raise IntegrityError("duplicate key value violates unique constraint")
            real_store(*args, **kwargs)

        with mock.patch.object(importing, "_store_batch", side_effect=racing_store):
            report = importing.openings_import(
                user=self.emil, institution=self.employer_inst, text=feed
            )
        self.assertEqual(report.errors, 0, [item.reason for item in report.items])
        self.assertEqual(report.created, 0)  # the other import created them
        self.assertEqual(calls["n"], 3)  # outer, inner, and the outer window once more
        self.assertEqual(Opening.objects.filter(institution=self.employer_inst).count(), 2)


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "SQLite serialises all writers (one write lock): two imports cannot run in parallel",
)
class ParallelImportTest(TransactionTestCase):
    serialized_rollback = True

    def test_two_identical_imports_at_once_store_each_posting_once_without_errors(self):
        import json

        from dualcareer.accounts.models import Role
        from dualcareer.openings import importing
        from dualcareer.openings.models import Opening
        from dualcareer.openings.tests.test_openings_import import posting

        employer: Any = f.InstitutionFactory(name="Beispiel GmbH")
        emil = f.UserFactory(email="emil-parallel@example.org")
        f.InstitutionRoleFactory(user=emil, institution=employer, role=Role.EMPLOYER)
        feed = json.dumps([posting(f"P-{n}") for n in range(30)])
        barrier = threading.Barrier(2)
        reports: list[Any] = [None, None]

        def run(index: int) -> None:
            try:
                barrier.wait()
                reports[index] = importing.openings_import(
                    user=emil, institution=employer, text=feed, batch_size=10
                )
            except Exception as error:
                reports[index] = error
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for report in reports:
            self.assertNotIsInstance(report, Exception)
            self.assertEqual(report.errors, 0, [i.reason for i in report.items])
        self.assertEqual(sum(r.created for r in reports), 30)
        self.assertEqual(Opening.objects.filter(institution=employer).count(), 30)
