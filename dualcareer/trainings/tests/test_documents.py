"""Documents of trainings and meetings: upload, who downloads, removal, audit."""

from __future__ import annotations

import shutil
import tempfile
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from dualcareer.accounts.models import Role
from dualcareer.core import uploads
from dualcareer.core.models import AuditEntry, PendingFileDeletion
from dualcareer.testing import factories as f
from dualcareer.trainings import demo, selectors, services
from dualcareer.trainings.models import Audience, Kind, Sharing, TrainingDocument
from dualcareer.trainings.tests.factories import (
    MINIMAL_PDF,
    make_document,
    make_registration,
    make_training,
)
from dualcareer.trainings.tests.helpers import TrainingsTestCase

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


class DocumentsTestCase(TrainingsTestCase):
    """Uploads go to a temporary MEDIA_ROOT, removed after the class."""

    media_root: str
    _media: Any
    outsider: Any

    @classmethod
    def setUpClass(cls) -> None:
        cls.media_root = tempfile.mkdtemp(prefix="dualcareer-trainings-")
        cls._media = override_settings(MEDIA_ROOT=cls.media_root)
        cls._media.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._media.disable()
        shutil.rmtree(cls.media_root, ignore_errors=True)

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # An officer of a university in another network only: an outsider here.
        other_network = f.NetworkFactory()
        far_inst = f.InstitutionFactory(name="Universität Gamma", city="Kiel")
        f.NetworkMembershipFactory(network=other_network, institution=far_inst)
        cls.outsider = cls.make_user("olga", far_inst, Role.OFFICER)

    def upload(self, training: Any, data: bytes, name: str = "folien.pdf", **post: Any) -> Any:
        self.client.force_login(self.cora)
        fields = {"title": "Folien", "sharing": Sharing.NOW, **post}
        fields["file"] = SimpleUploadedFile(name, data)
        return self.client.post(reverse("trainings:documents", args=[training.public_id]), fields)


class UploadTests(DocumentsTestCase):
    def test_the_coordinator_uploads_a_pdf_with_title_and_sharing(self) -> None:
        training = make_training(self.network)
        response = self.upload(training, MINIMAL_PDF, title="Protokoll", sharing=Sharing.AFTER)
        self.assertRedirects(response, reverse("trainings:documents", args=[training.public_id]))
        document = TrainingDocument.objects.get(training=training)
        self.assertEqual(
            (document.title, document.sharing, document.kind, document.original_name),
            ("Protokoll", Sharing.AFTER, "pdf", "folien.pdf"),
        )
        self.assertEqual(document.size, len(MINIMAL_PDF))
        self.assertNotIn("folien", document.file.name)  # stored under a random name
        with document.file.open("rb") as handle:
            self.assertEqual(handle.read(), MINIMAL_PDF)
        entry = AuditEntry.objects.get(action="training.document_added")
        self.assertEqual(entry.actor, self.cora)
        self.assertEqual(entry.data["kind"], "pdf")
        self.assertEqual(entry.data["sharing"], "after")
        self.assertEqual(entry.institution_id, self.coord_inst.pk)

    def test_a_renamed_executable_is_refused_at_the_field(self) -> None:
        training = make_training(self.network)
        response = self.upload(training, EXE, name="protokoll.pdf")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["file"])
        self.assertFalse(TrainingDocument.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action="training.document_added").exists())

    @override_settings(UPLOAD_MAX_BYTES=100)
    def test_a_file_over_the_limit_is_refused(self) -> None:
        training = make_training(self.network)
        response = self.upload(training, MINIMAL_PDF)
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["file"])
        self.assertFalse(TrainingDocument.objects.exists())

    def test_a_title_is_required(self) -> None:
        training = make_training(self.network)
        response = self.upload(training, MINIMAL_PDF, title="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("title", response.context["form"].errors)
        self.assertFalse(TrainingDocument.objects.exists())

    def test_members_may_not_upload(self) -> None:
        training = make_training(self.network)
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("trainings:documents", args=[training.public_id]),
            {"title": "x", "sharing": "now", "file": SimpleUploadedFile("a.pdf", MINIMAL_PDF)},
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(TrainingDocument.objects.exists())
        with self.assertRaises(PermissionDenied):
            services.document_add(
                actor=self.alice,
                training=training,
                upload=SimpleUploadedFile("a.pdf", MINIMAL_PDF),
                title="x",
                sharing="now",
            )


class DownloadTests(DocumentsTestCase):
    def get(self, user: Any, document: TrainingDocument) -> Any:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(
            reverse("trainings:document", args=[document.training.public_id, document.public_id])
        )

    def test_members_download_a_shared_document(self) -> None:
        document = make_document(make_training(self.network))
        for user in (self.alice, self.charlie, self.cora):
            response = self.get(user, document)
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(b"".join(response.streaming_content), MINIMAL_PDF)
            self.assertIn("attachment", response["Content-Disposition"])
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_outsiders_and_visitors_get_nothing(self) -> None:
        document = make_document(make_training(self.network, audience=Audience.PUBLIC))
        for user in (None, self.outsider, self.paula, self.emil):
            self.assertEqual(self.get(user, document).status_code, 404, user)

    def test_a_registered_participant_downloads_a_public_events_document(self) -> None:
        training = make_training(self.network, audience=Audience.PUBLIC)
        document = make_document(training)
        make_registration(training, user=self.outsider)
        self.assertEqual(self.get(self.outsider, document).status_code, 200)
        waiting = make_registration(training, user=self.paula, status="waiting")
        self.assertEqual(self.get(self.paula, document).status_code, 404)  # no place: no files
        self.assertTrue(waiting.pk)

    def test_after_the_meeting_only_once_it_is_over(self) -> None:
        upcoming = make_training(self.network, kind=Kind.MEETING)
        later = make_document(upcoming, sharing=Sharing.AFTER)
        self.assertEqual(self.get(self.alice, later).status_code, 404)
        self.assertEqual(self.get(self.cora, later).status_code, 200)  # the coordinators always
        past = make_training(self.network, kind=Kind.MEETING, days=-3)
        minutes = make_document(past, sharing=Sharing.AFTER)
        self.assertEqual(self.get(self.alice, minutes).status_code, 200)

    def test_a_document_of_another_training_is_not_found(self) -> None:
        document = make_document(make_training(self.network))
        other = make_training(self.network, title_de="Andere")
        url = reverse("trainings:document", args=[other.public_id, document.public_id])
        self.client.force_login(self.cora)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_page_lists_shared_documents_and_counts_the_later_ones(self) -> None:
        training = make_training(self.network, kind=Kind.MEETING)
        make_document(training, title="Tagesordnung")
        make_document(training, title="Protokoll", sharing=Sharing.AFTER)
        self.client.force_login(self.alice)
        response = self.client.get(reverse("trainings:detail", args=[training.public_id]))
        self.assertContains(response, "Tagesordnung")
        self.assertNotContains(response, "Protokoll")
        self.assertEqual(response.context["page"].documents_later, 1)
        page = selectors.training_page(user=self.cora, training=training)
        self.assertEqual([d.title for d in page.documents], ["Tagesordnung", "Protokoll"])
        visitor = selectors.training_page(user=self.outsider, training=training)
        self.assertEqual((visitor.documents, visitor.documents_later), ([], 0))


class RemovalTests(DocumentsTestCase):
    def test_the_coordinator_removes_a_document_and_its_file(self) -> None:
        training = make_training(self.network)
        document = make_document(training)
        name = document.file.name
        storage = document.file.storage
        url = reverse("trainings:document_remove", args=[training.public_id, document.public_id])
        self.client.force_login(self.alice)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.client.force_login(self.cora)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url)
        self.assertRedirects(response, reverse("trainings:documents", args=[training.public_id]))
        self.assertFalse(TrainingDocument.objects.exists())
        self.assertFalse(storage.exists(name))
        self.assertFalse(PendingFileDeletion.objects.exists())
        entry = AuditEntry.objects.get(action="training.document_removed")
        self.assertEqual((entry.actor, entry.data["kind"]), (self.cora, "pdf"))
        self.assertEqual(self.client.post(url).status_code, 404)


class DemoMinutesTests(DocumentsTestCase):
    def test_the_demo_minutes_are_a_pdf_the_upload_check_accepts(self) -> None:
        meeting = make_training(
            self.network, kind=Kind.MEETING, days=-5, minutes="TOP 1: Berichte der Mitglieder."
        )
        demo._minutes_document(meeting, self.cora)
        document = TrainingDocument.objects.get(training=meeting)
        self.assertEqual(document.sharing, Sharing.AFTER)
        with document.file.open("rb") as handle:
            self.assertEqual(uploads.validate_document(handle), uploads.PDF)
        self.client.force_login(self.alice)
        response = self.client.get(reverse("trainings:detail", args=[meeting.public_id]))
        self.assertContains(response, "Protokoll des Netzwerktreffens")
