"""Keep the stored opening embeddings of the matching index current (the scheduler runs --sync)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dualcareer.cases.models import PartnerProfile
from dualcareer.openings.matchmaking.adapter import sync_profile_embeddings
from dualcareer.openings.matchmaking.index import sync_embeddings


class Command(BaseCommand):
    help = (
        "Embed live openings that have no or an outdated embedding (--sync, the default), "
        "or re-embed every opening (--rebuild, e.g. after a model change)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--sync", action="store_true", help="catch up with changed openings")
        group.add_argument("--rebuild", action="store_true", help="re-embed every opening")

    def handle(self, *args: Any, **options: Any) -> None:
        embedded, touched = sync_embeddings(rebuild=options["rebuild"])
        profiles = sync_profile_embeddings(PartnerProfile.objects.all())
        self.stdout.write(
            f"matching_index: {embedded} opening(s) embedded, {touched} unchanged refreshed, "
            f"{profiles} profile embedding(s) current"
        )
