"""Values every page needs: the platform's name and the user's roles."""

from typing import Any

from django.http import HttpRequest

from dualcareer.accounts.permissions import user_roles


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "platform_name": "dualcareer",
        "user_roles": user_roles(user) if user is not None else set(),
    }
