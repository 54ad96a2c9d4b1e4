"""Drop the stored words of the word search that no opening holds any more, and count the
openings holding each (daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.openings.services import search_words_prune


class Command(BaseCommand):
    help = (
        "Remove from the word search's list of words (PostgreSQL) every word that no opening "
        "holds any more, list again the words of openings written during the last day, and "
        "count the live public openings holding each word."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        dropped, listed, counted = search_words_prune()
        self.stdout.write(
            f"search_words_prune: {dropped} word(s) dropped, {listed} listed again, "
            f"{counted} counted"
        )
