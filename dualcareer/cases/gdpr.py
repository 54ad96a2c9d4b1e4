"""The GDPR lifecycle of a case: access (Art. 15), erasure (Art. 17), retention.

`partner_export(case)` returns everything stored about the partner and the
couple as plain JSON-able data. Each model lists the fields it exports; the
few fields left out are listed in EXPORT_EXCLUDED with the reason, and a
test fails when a model gains a field that is in neither list.

Other apps add their records through the `case_exporting` signal (the
openings app: the institutions a network request went to and their answers,
the partner's saved searches). The counselling log follows the one rule of
`selectors.activity_list`: an officer's export holds the entries (and notes)
of their own institution only; the partner's own download holds every entry
without the internal notes.

`case_anonymise(case)` removes the personal data and files of a case and
keeps only what anonymised statistics need (institution, kind, status,
outcome, dates, activity kinds and durations, consent scopes and dates).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from dualcareer.accounts import permissions
from dualcareer.accounts.models import User
from dualcareer.cases import selectors
from dualcareer.cases.models import (
    Activity,
    Case,
    CaseStatus,
    CaseTask,
    Consent,
    Handover,
    Invitation,
    Outcome,
    PartnerProfile,
)
from dualcareer.cases.services import require_case_access
from dualcareer.core import audit
from dualcareer.core.files import delete_on_commit, pending_deletions_retry

EXPORT_VERSION = 1

# Sent inside the anonymisation transaction with `case` and `reason`; other
# apps connect a receiver that removes their personal data about the case.
case_anonymising = Signal()

# Sent by partner_export with `case` and `account` (the partner's user when the
# partner downloads their own data, else None: account-level records such as
# saved searches and login records are only in the partner's own download).
# A receiver returns {section name: [record, ...]} (JSON-able), added to
# "other_records".
case_exporting = Signal()

# model -> fields left out of the export, with the reason.
EXPORT_EXCLUDED: dict[type[models.Model], dict[str, str]] = {
    Case: {"opened_by": "staff reference", "acknowledgement_recorded_by": "staff reference"},
    PartnerProfile: {"case": "the parent record"},
    Consent: {"case": "the parent record", "granted_by": "the partner", "withdrawn_by": "a user"},
    Activity: {"case": "the parent record"},
    CaseTask: {
        "case": "the parent record",
        "done_by": "staff reference",
        "last_reminded_on": "internal reminder bookkeeping",
    },
    Invitation: {
        "case": "the parent record",
        "token_hash": "a secret, not data about the person",
        "invited_by": "staff reference",
    },
    Handover: {
        "case": "the parent record",
        "requested_by": "staff reference",
        "decided_by": "staff reference",
    },
    User: {
        "password": "a one-way hash, not readable",
        "groups": "not used for partners",
        "user_permissions": "not used for partners",
        "is_superuser": "never set for partners",
        "is_staff": "never set for partners",
    },
}

# The login records django-axes keeps about an account (matched by user name,
# the e-mail address): in the partner's own export and deleted on erasure.
AXES_EXPORT_EXCLUDED: dict[str, str] = {
    "session_hash": "a hash of the session key, a secret rather than data about the person",
}

MASKED_NOTE = "[internal note available on request]"


def _value(obj: models.Model, name: str) -> Any:
    field_obj = obj._meta.get_field(name)
    if field_obj.many_to_many:
        return [str(related) for related in getattr(obj, name).all()]
    value = getattr(obj, name)
    if isinstance(value, models.Model):
        if isinstance(value, User):  # staff by name, never by their e-mail address
            return value.get_full_name() or "staff"
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _fields_of(model: type[models.Model]) -> list[str]:
    """Return every field of `model` that stores data (concrete fields and many-to-many)."""
    names = [f.name for f in model._meta.concrete_fields]
    names += [f.name for f in model._meta.many_to_many]
    return names


def _record(obj: models.Model, names: list[str]) -> dict[str, Any]:
    return {name: _value(obj, name) for name in names}


# The fields each section exports (everything but the excluded ones).
def export_fields(model: type[models.Model]) -> list[str]:
    excluded = EXPORT_EXCLUDED.get(model, {})
    return [name for name in _fields_of(model) if name not in excluded]


# The models of this app that partner_export covers section by section.
OWN_SECTIONS: dict[type[models.Model], str] = {
    Case: "case",
    PartnerProfile: "profile",
    Consent: "consents",
    Activity: "activities",
    CaseTask: "tasks",
    Invitation: "invitations",
    Handover: "handovers",
    User: "account",
}


def other_related_models() -> list[Any]:
    """Return the relations from other apps' models to Case (e.g. introductions)."""
    return [
        rel
        for rel in Case._meta.related_objects
        if rel.related_model not in OWN_SECTIONS and not rel.many_to_many
    ]


def _other_records(case: Case) -> dict[str, list[dict[str, Any]]]:
    """Export other apps' records about the case with every field.

    A model may name fields to leave out in `GDPR_EXPORT_EXCLUDED` (a dict
    field name -> reason), like EXPORT_EXCLUDED here.
    """
    result: dict[str, list[dict[str, Any]]] = {}
    for rel in other_related_models():
        model = rel.related_model
        excluded = set(getattr(model, "GDPR_EXPORT_EXCLUDED", {}))
        names = [name for name in _fields_of(model) if name not in excluded]
        records = model._default_manager.filter(**{rel.field.name: case}).order_by("pk")
        result[model._meta.label_lower] = [_record(obj, names) for obj in records]
    return result


def _axes_models() -> list[type[models.Model]]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return [AccessAttempt, AccessLog, AccessFailureLog]


def _axes_records(email: str) -> dict[str, list[dict[str, Any]]]:
    """Export the login records django-axes keeps about the account with `email`."""
    result: dict[str, list[dict[str, Any]]] = {}
    for model in _axes_models():
        names = [name for name in _fields_of(model) if name not in AXES_EXPORT_EXCLUDED]
        records = model._default_manager.filter(username__iexact=email).order_by("pk")
        result[model._meta.label_lower] = [_record(obj, names) for obj in records]
    return result


def _axes_delete(email: str) -> None:
    """Delete the login records django-axes keeps about the account with `email`."""
    for model in _axes_models():
        model._default_manager.filter(username__iexact=email).delete()


def _actor_role(entry: Any, roles: dict[tuple[int, int], str]) -> str:
    """Describe who wrote an audit entry by role, never by name or e-mail.

    "no_account": the system, a contact answering through a link, or an
    account deleted since.
    """
    actor = entry.actor
    if actor is None:
        return "no_account"
    if actor.is_partner:
        return "partner"
    return roles.get((actor.pk, entry.institution_id), "staff")


def access_records(entries: Any) -> list[dict[str, Any]]:
    """Return audit entries as the partner's access history: when, what, by which role where.

    People are described by role and institution, never by name or e-mail.
    Other apps use this for the entries about their records of the case.
    """
    from dualcareer.accounts.models import InstitutionRole

    entries = list(entries.select_related("actor", "institution").order_by("created_at", "id"))
    actor_ids = {e.actor_id for e in entries if e.actor_id is not None}
    roles = {
        (user_id, institution_id): role
        for user_id, institution_id, role in InstitutionRole.objects.filter(
            user_id__in=actor_ids
        ).values_list("user_id", "institution_id", "role")
    }
    return [
        {
            "at": entry.created_at.isoformat(),
            "action": entry.action,
            "by": _actor_role(entry, roles),
            "institution": str(entry.institution) if entry.institution else "",
        }
        for entry in entries
    ]


def _activities(case: Case, actor: Any, *, own: bool) -> list[dict[str, Any]]:
    """The counselling log as the reader may read it (`selectors.activity_list`)."""
    names = export_fields(Activity)
    if own:
        records = []
        entries = selectors.activity_overview_for_partner(user=actor, case=case)
        for activity in entries.order_by("date", "id"):
            record = _record(activity, names)
            record["note"] = MASKED_NOTE if activity.note else ""
            records.append(record)
        return records
    entries = selectors.activity_list(user=actor, case=case).order_by("date", "id")
    return [_record(activity, names) for activity in entries]


def partner_export(*, case: Case, actor: Any) -> dict[str, Any]:
    """Return everything stored about the partner of `case` (GDPR Art. 15), as JSON-able data.

    Officers (with "case.export") receive what their institution may release,
    to hand over after review: the counselling entries of their own
    institution with the notes (an earlier institution's entries stay with it;
    "activities_held_by" names it). The partner's own download holds every
    entry without the internal notes (released on request, Art. 15(4)), and
    the account's records (saved searches, login records).
    """
    own = permissions.has(actor, "data.export_own", case)
    if own:
        require_case_access(actor, "data.export_own", case)
    else:
        require_case_access(actor, "case.export", case)
    data: dict[str, Any] = {
        "format": "dualcareer-partner-export",
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "case": _record(case, export_fields(Case)),
    }
    profile = PartnerProfile.objects.filter(case=case).first()
    data["profile"] = _record(profile, export_fields(PartnerProfile)) if profile else None
    data["consents"] = [
        _record(c, export_fields(Consent)) for c in case.consents.order_by("granted_at", "id")
    ]
    data["activities"] = _activities(case, actor, own=own)
    data["activities_held_by"] = (
        []
        if own
        else [str(i) for i in selectors.activity_institutions_elsewhere(user=actor, case=case)]
    )
    data["tasks"] = [_record(t, export_fields(CaseTask)) for t in case.tasks.select_related("step")]
    data["invitations"] = [
        _record(i, export_fields(Invitation)) for i in case.invitations.order_by("created_at")
    ]
    data["handovers"] = [
        _record(h, export_fields(Handover)) for h in case.handovers.order_by("created_at")
    ]
    account = case.partner_user
    data["other_records"] = _other_records(case)
    for _receiver, records in case_exporting.send(
        sender=Case, case=case, account=account if own else None
    ):
        data["other_records"].update(records or {})
    if own and account is not None:
        data["other_records"].update(_axes_records(account.email))
    data["access_history"] = access_records(audit.entries_for(case))
    data["account"] = _record(account, export_fields(User)) if account else None
    with transaction.atomic():
        audit.log(
            case,
            "case.exported",
            actor=actor,
            data={"notes": not own, "by": "partner" if own else "officer"},
        )
    return data


def _delete_file(file_field: Any) -> None:
    # Deleted after the commit; a failed deletion is retried by the next retention run.
    delete_on_commit(file_field)


def case_anonymise(*, case: Case, actor: Any = None, reason: str) -> Case:
    """Remove the personal data and files of `case`, keep anonymised statistics; return it.

    Used by erasure on request (Art. 17) and by the retention run. Callers
    check permissions (`case_erase`) or run as the system (retention).
    """
    if case.anonymised_at is not None:
        return case
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        profile = PartnerProfile.objects.filter(case=case).first()
        if profile is not None:
            _delete_file(profile.cv)
            profile.delete()
        Invitation.objects.filter(case=case).delete()
        # Other apps (introductions ...) remove their personal data about the case here.
        case_anonymising.send(sender=Case, case=case, reason=reason)
        Activity.objects.filter(case=case).update(note="", reference="", officer=None)
        Consent.objects.filter(case=case).update(granted_by=None, withdrawn_by=None)
        partner = case.partner_user
        if case.status != CaseStatus.CLOSED:
            case.status = CaseStatus.CLOSED
            case.outcome = Outcome.WITHDRAWN
            case.closed_on = timezone.localdate()
        case.recruited_name = ""
        case.recruited_position = ""
        case.recruited_department = ""
        case.recruited_start_date = None
        case.partner_user = None
        case.acknowledgement_recorded_by = None
        case.anonymised_at = timezone.now()
        case.save()
        case.assigned_officers.clear()
        if (
            partner is not None
            and partner.is_partner
            and not Case.objects.filter(partner_user=partner).exists()
        ):
            _axes_delete(partner.email)
            partner.delete()
        audit.log(case, "case.anonymised", actor=actor, data={"reason": reason})
    return case


def case_erase(*, case: Case, actor: Any) -> Case:
    """Erase the partner's personal data on request (Art. 17): by the partner or an officer."""
    if permissions.has(actor, "data.erase_own", case):
        require_case_access(actor, "data.erase_own", case)
        reason = "erasure_by_partner"
    else:
        require_case_access(actor, "case.erase", case)
        reason = "erasure_on_request"
    return case_anonymise(
        case=case, actor=actor if reason != "erasure_by_partner" else None, reason=reason
    )


@dataclass
class RetentionReport:
    """What a retention run did (or would do, in a dry run)."""

    today: dt.date
    dry_run: bool
    anonymised: list[str] = field(default_factory=list)  # case references
    per_institution: Counter[str] = field(default_factory=Counter)
    files_deleted: int = 0  # file deletions that had failed before and went through now
    files_left: int = 0  # file deletions still failing

    @property
    def count(self) -> int:
        return len(self.anonymised)


def retention_run(*, today: dt.date | None = None, dry_run: bool = False) -> RetentionReport:
    """Anonymise every closed case whose retention period has ended; report what was done."""
    today = today or timezone.localdate()
    report = RetentionReport(today=today, dry_run=dry_run)
    for case in selectors.cases_due_for_retention(today=today):
        report.anonymised.append(case.reference)
        report.per_institution[case.institution.slug] += 1
        if not dry_run:
            case_anonymise(case=case, reason="retention")
    if not dry_run:
        files = pending_deletions_retry()
        report.files_deleted, report.files_left = files.deleted, files.left
    return report


# --- the readable export (the page and the PDF): labels, formatted values ------


@dataclass
class ExportRecord:
    """One record of the readable export: a heading and (label, text) rows."""

    title: str
    rows: list[tuple[str, str]]


@dataclass
class ExportSection:
    """One section of the readable export (the profile, the consents, ...)."""

    key: str
    title: str
    records: list[ExportRecord]

    @property
    def as_table(self) -> bool:
        """Access histories are long lists of the same four columns: shown as a table."""
        return self.key.endswith("access_history") and bool(self.records)


# Fields whose model gives no label of their own (Django would show the field name).
def _extra_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "public_id": _("reference number"),
        "opened_by": _("opened by"),
        "acknowledgement_recorded_by": _("acknowledgement recorded by"),
        "cv_original_name": _("name of the CV file"),
        "granted_by": _("granted by"),
        "withdrawn_by": _("withdrawn by"),
        "wording_version": _("version of the consent text"),
        "institution": _("institution"),
        "reference": _("reference"),
        "step": _("step"),
        "done_by": _("done by"),
        "last_reminded_on": _("last reminder"),
        "not_needed": _("not needed"),
        "language": _("language"),
        "expires_at": _("valid until"),
        "accepted_at": _("accepted"),
        "revoked_at": _("revoked"),
        "invited_by": _("invited by"),
        "from_institution": _("handing institution"),
        "status": _("status"),
        "requested_by": _("requested by"),
        "partner_consented_at": _("your consent to the handover"),
        "decided_by": _("decided by"),
        "decided_at": _("decided"),
        "consent_scope": _("consent used"),
        "selection_notice": _("notice on the selection"),
        "created_by": _("created by"),
        "answered_at": _("answered"),
        "answered_by": _("answered by"),
        "reveal_requested_at": _("employer asked for your name"),
        "revealed_at": _("you revealed your name"),
        "reveal_declined_at": _("you kept your name hidden"),
        "withdrawn_at": _("withdrawn"),
        "reminded_at": _("employer reminded"),
        "reminder_count": _("reminders sent"),
        "expired_at": _("expired"),
        "request": _("network request"),
        "opening": _("opening"),
        "handled_at": _("introduced"),
        "at": _("when"),
        "action": _("what"),
        "by": _("by whom"),
        "exported_at": _("exported on"),
    }


# Technical identifiers: in the machine-readable file, left out of the readable one.
READABLE_SKIPPED = frozenset({"id", "public_id", "case", "format", "version"})


def _audit_action_label(code: str) -> str:
    from django.utils.translation import gettext as _

    labels = {
        "case.opened": _("case opened"),
        "case.viewed": _("case read"),
        "case.updated": _("case data changed"),
        "case.status_changed": _("status changed"),
        "case.closed": _("case closed"),
        "case.reopened": _("case reopened"),
        "case.exported": _("data exported"),
        "case.acknowledgement_recorded": _("acknowledgement recorded"),
        "case.activity_logged": _("counselling entry recorded"),
        "case.task_done": _("step done"),
        "case.task_reopened": _("step reopened"),
        "case.invitation_sent": _("invitation sent"),
        "case.handover_requested": _("handover requested"),
        "case.handover_partner_decided": _("you decided on the handover"),
        "case.handover_decided": _("handover decided"),
        "case.handover_cancelled": _("handover cancelled"),
        "profile.updated": _("profile changed by the service"),
        "profile.rectified": _("profile corrected by you"),
        "profile.viewed": _("profile read"),
        "consent.granted": _("consent granted"),
        "consent.withdrawn": _("consent withdrawn"),
        "introduction.created": _("introduced to an employer"),
        "introduction.viewed": _("introduction read by the employer"),
        "introduction.answered": _("employer answered"),
        "introduction.reveal_requested": _("employer asked for your name"),
        "introduction.revealed": _("name revealed"),
        "introduction.reveal_declined": _("name kept hidden"),
        "introduction.withdrawn": _("introduction withdrawn"),
        "introduction.reminded": _("employer reminded"),
        "network_request.sent": _("network request sent"),
        "network_request.answered": _("network request answered"),
        "network_request.profile_viewed": _("anonymised profile read by a member"),
        "network_request.reminded": _("member reminded"),
        "network_request.expired": _("network request expired"),
        "opening.profile_viewed": _("anonymised profile read by an employer"),
        "opening.interest_expressed": _("employer interested"),
        "opening.partner_interest": _("you asked for an introduction"),
        "opening.saved": _("opening saved"),
        "opening.unsaved": _("opening removed from your list"),
    }
    if code in labels:
        return labels[code]
    from dualcareer.core.audit_labels import action_label

    return action_label(code)  # the audit pages' label (the code itself if it has none)


def _by_label(code: str) -> str:
    from django.utils.translation import gettext as _

    from dualcareer.accounts.models import Role

    labels = {
        "partner": _("you"),
        "no_account": _("the system or a member's contact by link"),
        "staff": _("staff"),
        **{value: str(label) for value, label in Role.choices},
    }
    return labels.get(code, code)


def _field_of(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # not a field of the model (a computed key)
        return None


def _label(model: type[models.Model] | None, name: str, extra: dict[str, str]) -> str:
    if name in extra:
        return extra[name]
    field_obj = _field_of(model, name)
    label = getattr(field_obj, "verbose_name", None)
    return str(label) if label else name.replace("_", " ")


def _format_text(value: str) -> str:
    from django.utils import formats
    from django.utils.dateparse import parse_date, parse_datetime

    if len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            moment = parse_datetime(value) if len(value) > 10 else None
            if moment is not None:
                if timezone.is_aware(moment):
                    moment = timezone.localtime(moment)
                return str(formats.date_format(moment, "DATETIME_FORMAT"))
            day = parse_date(value)
            if day is not None:
                return str(formats.date_format(day, "DATE_FORMAT"))
        except ValueError:
            pass
    return value


def _format_value(model: type[models.Model] | None, name: str, value: Any) -> str:
    """One exported value as text a person reads (in the active language)."""
    from django.utils.translation import gettext as _

    from dualcareer.cases.models import Language

    if value in (None, "", [], {}):
        return "\u2013"  # an en dash, as on the pages
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if name == "cv":
        return str(_("a CV file is stored"))
    if value == MASKED_NOTE:
        return str(_("internal note, available on request"))
    if name == "action":
        return _audit_action_label(str(value))
    if name == "by":
        return _by_label(str(value))
    if name in ("scope", "consent_scope"):
        from dualcareer.cases.models import ConsentScope

        try:
            return str(ConsentScope(str(value)).label)
        except ValueError:
            return str(value)
    if isinstance(value, list):
        languages = dict(Language.choices)
        parts = []
        for item in value:
            if isinstance(item, dict) and "language" in item:
                level = str(item.get("level", ""))
                level_text = str(_("native language")) if level == "native" else level
                parts.append(f"{languages.get(item['language'], item['language'])} ({level_text})")
            elif isinstance(item, dict):
                parts.append("; ".join(f"{k}: {v}" for k, v in item.items()))
            else:
                field_obj = _field_of(model, name)
                choices = dict(
                    getattr(getattr(field_obj, "base_field", None), "choices", None) or []
                )
                if name == "desired_sectors":
                    from dualcareer.network.models import Sector

                    choices = dict(Sector.choices)
                parts.append(str(choices.get(item, item)))
        return ", ".join(parts)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_format_value(None, str(k), v)}" for k, v in value.items())
    field_choices = getattr(_field_of(model, name), "choices", None)
    if field_choices:
        return str(dict(field_choices).get(value, value))
    if isinstance(value, str):
        return _format_text(value)
    return str(value)


def _readable_record(
    model: type[models.Model] | None, record: dict[str, Any], title: str, extra: dict[str, str]
) -> ExportRecord:
    rows = [
        (_label(model, name, extra), _format_value(model, name, value))
        for name, value in record.items()
        if name not in READABLE_SKIPPED
    ]
    return ExportRecord(title=title, rows=rows)


def readable_export(data: dict[str, Any]) -> list[ExportSection]:
    """The export of `partner_export` for people: labels, formatted values, no technical ids.

    In the active language. The machine-readable file keeps every value as stored.
    """
    from django.apps import apps
    from django.utils.translation import gettext as _

    extra = _extra_labels()
    own: list[tuple[str, str, type[models.Model] | None]] = [
        ("profile", _("Profile"), PartnerProfile),
        ("case", _("Case"), Case),
        ("consents", _("Consents"), Consent),
        ("activities", _("Counselling log"), Activity),
        ("tasks", _("Steps of the process"), CaseTask),
        ("invitations", _("Invitations"), Invitation),
        ("handovers", _("Handovers"), Handover),
        ("account", _("Account"), User),
        ("access_history", _("Who read or changed your case"), None),
    ]
    sections: list[ExportSection] = []
    for key, title, model in own:
        value = data.get(key)
        records = value if isinstance(value, list) else ([value] if value else [])
        sections.append(
            ExportSection(
                key=key,
                title=title,
                records=[
                    _readable_record(
                        model, record, f"{title} {n}" if len(records) > 1 else "", extra
                    )
                    for n, record in enumerate(records, start=1)
                ],
            )
        )
    for key, records in (data.get("other_records") or {}).items():
        other: type[models.Model] | None
        try:
            other = apps.get_model(key)
            title = str(other._meta.verbose_name_plural).capitalize()
        except (LookupError, ValueError):
            other = None
            title = (
                _("Who read or answered your introductions and requests")
                if key.endswith("access_history")
                else key
            )
        sections.append(
            ExportSection(
                key=key,
                title=title,
                records=[
                    _readable_record(
                        other, record, f"{title} {n}" if len(records) > 1 else "", extra
                    )
                    for n, record in enumerate(records, start=1)
                ],
            )
        )
    return sections


def readable_export_pdf(
    *, sections: list[ExportSection], title: str, subtitle: str, reference: str
) -> bytes:
    """The readable export as a PDF (reportlab, with its bundled Vera fonts: umlauts and ß)."""
    from dualcareer.cases.pdf import export_pdf

    return export_pdf(sections=sections, title=title, subtitle=subtitle, reference=reference)
