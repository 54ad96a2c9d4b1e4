"""Audit entries for logins and logouts (no address, no user agent); permission memos
forgotten when roles, memberships or networks change."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dualcareer.accounts import permissions
from dualcareer.core import audit

# What `permissions.institution_ids_with` reads; a request's memo of it is stale after a change.
for _model in ("accounts.InstitutionRole", "network.NetworkMembership", "network.Network"):
    for _name, _signal in (("save", post_save), ("delete", post_delete)):
        _signal.connect(
            permissions.roles_changed,
            sender=_model,
            weak=False,
            dispatch_uid=f"permissions-memo-{_model}-{_name}",
        )


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.log(user, "user.logged_in", actor=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.log(user, "user.logged_out", actor=user)
