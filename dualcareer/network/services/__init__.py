"""Every write of the network app (see development.md: permission, transaction, audit, e-mail)."""

from dualcareer.network.services.applications import (
    ApplicationInput,
    application_answer,
    application_approve,
    application_ask,
    application_decline,
    application_submit,
)
from dualcareer.network.services.institutions import (
    contact_delete,
    contact_save,
    institution_profile_update,
    institution_role_revoke,
    institution_user_add,
    membership_leave,
)
from dualcareer.network.services.statements import (
    current_version,
    statement_sign,
    statement_version_publish,
)

__all__ = [
    "ApplicationInput",
    "application_answer",
    "application_approve",
    "application_ask",
    "application_decline",
    "application_submit",
    "contact_delete",
    "contact_save",
    "current_version",
    "institution_profile_update",
    "institution_role_revoke",
    "institution_user_add",
    "membership_leave",
    "statement_sign",
    "statement_version_publish",
]
