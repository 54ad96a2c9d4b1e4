"""Writes about users: language preference."""

from django.conf import settings
from django.db import transaction

from dualcareer.accounts.models import User
from dualcareer.core import audit


def user_language_set(*, user: User, language: str) -> User:
    """Store the user's preferred language and return the user."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unsupported language {language!r}")
    if user.language != language:
        with transaction.atomic():
            user.language = language
            user.save(update_fields=["language"])
            audit.log(user, "user.language_set", actor=user, data={"language": language})
    return user
