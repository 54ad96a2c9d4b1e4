import datetime as dt

from django.utils import translation

from dualcareer.network.selectors import statement_versions
from dualcareer.network.tests.factories import SignatureFactory, StatementVersionFactory
from dualcareer.testing.base import BaseTestCase


class StatementVersionsTests(BaseTestCase):
    def test_it_lists_published_versions_newest_first_with_their_signatures(self):
        v1 = StatementVersionFactory.create(network=self.network, number=1)
        v2 = StatementVersionFactory.create(network=self.network, number=2)
        StatementVersionFactory.create(
            network=self.network, number=3, published_on=dt.date(2999, 1, 1)
        )
        SignatureFactory.create(version=v1, institution=self.inst)
        versions = list(statement_versions(network=self.network))
        self.assertEqual(versions, [v2, v1])
        self.assertEqual([s.institution for s in versions[1].signatures.all()], [self.inst])

    def test_the_text_follows_the_language(self):
        version = StatementVersionFactory.create(network=self.network)
        with translation.override("en"):
            self.assertEqual(version.paragraphs[0], "We support dual career couples.")
        with translation.override("de"):
            self.assertEqual(len(version.paragraphs), 2)
