from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.network.models import Signature
from dualcareer.network.services import statement_sign, statement_version_publish
from dualcareer.network.tests.factories import (
    SignatureFactory,
    StatementVersionFactory,
    make_institution,
)
from dualcareer.testing.base import BaseTestCase


class StatementVersionPublishTests(BaseTestCase):
    def publish(self, actor, **overrides):
        values = {
            "title_de": "Erklärung",
            "title_en": "Statement",
            "text_de": "Text",
            "text_en": "Text",
        }
        values.update(overrides)
        return statement_version_publish(network=self.network, actor=actor, **values)

    def test_a_new_version_keeps_the_old_signatures_on_the_old_version(self):
        old = StatementVersionFactory.create(network=self.network)
        signature = SignatureFactory.create(version=old, institution=self.inst)
        new = self.publish(self.cora)
        self.assertEqual(new.number, 2)
        self.assertEqual(list(old.signatures.all()), [signature])
        self.assertFalse(new.signatures.exists())

    def test_it_refuses_an_officer(self):
        with self.assertRaises(PermissionDenied):
            self.publish(self.alice)

    def test_it_refuses_empty_and_html_texts(self):
        with self.assertRaises(ValidationError) as caught:
            self.publish(self.cora, text_de=" ", text_en="<iframe src=x>")
        self.assertEqual(set(caught.exception.error_dict), {"text_de", "text_en"})


class StatementSignTests(BaseTestCase):
    def setUp(self):
        self.version = StatementVersionFactory.create(network=self.network)

    def test_a_member_signs_the_current_version(self):
        signature = statement_sign(network=self.network, institution=self.inst, actor=self.alice)
        self.assertEqual(signature.version, self.version)

    def test_it_refuses_an_officer_signing_for_another_institution(self):
        with self.assertRaises(PermissionDenied):
            statement_sign(network=self.network, institution=self.inst, actor=self.charlie)
        self.assertFalse(Signature.objects.exists())

    def test_a_non_member_must_apply_instead(self):
        outside = make_institution(name="Außenstehende AG")
        user = self.make_user("otto", outside, "officer")
        with self.assertRaises(ValidationError):
            statement_sign(network=self.network, institution=outside, actor=user)
