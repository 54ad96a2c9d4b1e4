"""Writes about cases: opening, status workflow, tasks, profile, consent, counselling log.

Every service checks the actor's permission itself, runs in one transaction
and writes its audit entry inside it. Audit payloads carry codes and ids
only (never names, notes or profile text).

Contract used by other apps (openings/introductions):

    activity_log(*, case, kind, actor, note="", date=None,
                 duration_minutes=None, reference="") -> Activity

records one counselling-log entry (e.g. kind="introduction", reference=
the introduction's public id) for an officer of the case's institution.
Invitations, GDPR and handovers live in `invitations.py`, `gdpr.py` and
`handovers.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.cases import closing, selectors
from dualcareer.cases.models import (
    PROFESSIONAL_FIELDS,
    STATUS_NEXT,
    Activity,
    ActivityKind,
    Case,
    CaseKind,
    CasePolicy,
    CaseStatus,
    CaseTask,
    Consent,
    ConsentScope,
    Outcome,
    PartnerProfile,
    ProcessStep,
)
from dualcareer.core import audit, uploads
from dualcareer.core.files import delete_name_on_commit
from dualcareer.core.mail import send_on_commit

CONSENT_MAX_MONTHS = 24
# Steps that the platform ticks off itself when the matching event happens.
AUTO_STEP_CONSENT = "consent"
AUTO_STEP_PROFILE = "profile_complete"
# The steps the intake covers: ticked when the case enters intake (or skips to active).
AUTO_STEPS_INTAKE: tuple[str, ...] = ("first_contact", "intake_talk")


# --- access ------------------------------------------------------------------


def require_case_access(user: Any, perm: str, case: Case) -> None:
    """Raise PermissionDenied unless `user` holds `perm` on `case` (confidentiality included)."""
    if case.anonymised_at is not None:
        raise PermissionDenied("case anonymised")
    if perm in permissions.PARTNER_PERMISSIONS:
        permissions.require(user, perm, case)
        return
    permissions.require(user, perm, case)
    if case.confidential and not case.assigned_officers.filter(pk=user.pk).exists():
        raise PermissionDenied("confidential case")


def require_officer_or_partner(
    user: Any, case: Case, *, officer_perm: str, partner_perm: str
) -> str:
    """Return "officer" or "partner" for the role in which `user` may act on `case`."""
    if getattr(user, "is_authenticated", False) and permissions.has(user, partner_perm, case):
        require_case_access(user, partner_perm, case)
        return "partner"
    require_case_access(user, officer_perm, case)
    return "officer"


# --- tasks -------------------------------------------------------------------


def _tasks_sync(case: Case) -> int:
    """Create the missing tasks for every step that applies to the case; return how many."""
    existing = set(case.tasks.values_list("step_id", flat=True))
    created = 0
    for step in selectors.steps_for_institution(institution_id=case.institution_id):
        if step.pk in existing:
            continue
        CaseTask.objects.create(
            case=case, step=step, due_on=case.opened_on + dt.timedelta(days=step.due_days)
        )
        created += 1
    return created


def _task_auto_complete(case: Case, code: str, actor: Any) -> int:
    return CaseTask.objects.filter(case=case, step__code=code, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor if getattr(actor, "pk", None) else None
    )


def task_set_done(*, task: CaseTask, actor: Any, done: bool = True) -> CaseTask:
    """Mark a case's task done (or open again) and return it."""
    require_case_access(actor, "case.edit", task.case)
    with transaction.atomic():
        task.done_at = timezone.now() if done else None
        task.done_by = actor if done else None
        task.not_needed = False
        task.save(update_fields=["done_at", "done_by", "not_needed", "updated_at"])
        audit.log(
            task.case,
            "case.task_done" if done else "case.task_reopened",
            actor=actor,
            data={"step": task.step.code, "task": task.pk},
        )
    return task


def process_step_add(
    *,
    actor: Any,
    institution: Any,
    title_de: str,
    title_en: str,
    due_days: int,
    checklist_de: str = "",
    checklist_en: str = "",
    order: int = 100,
) -> ProcessStep:
    """Add an institution's own step to its process; open cases get the new task."""
    permissions.require(actor, "process.manage", institution)
    if not title_de.strip() or not title_en.strip():
        raise ValidationError({"title_de": _("Please give the step a title in both languages.")})
    from django.utils.text import slugify

    with transaction.atomic():
        step = ProcessStep.objects.create(
            institution=institution,
            code=(slugify(title_en)[:30] or "step") + f"-{institution.pk}",
            title_de=title_de.strip(),
            title_en=title_en.strip(),
            checklist_de=checklist_de,
            checklist_en=checklist_en,
            due_days=due_days,
            order=order,
        )
        for case in Case.objects.filter(institution=institution, anonymised_at__isnull=True).open():
            _tasks_sync(case)
        audit.log(
            step,
            "process.step_added",
            actor=actor,
            institution_id=institution.pk,
            data={"step": step.pk, "due_days": due_days},
        )
    return step


def process_step_deactivate(*, actor: Any, step: ProcessStep) -> ProcessStep:
    """Deactivate an institution's own step; the network's steps cannot be removed."""
    if step.institution_id is None:
        raise PermissionDenied("the network's standard steps cannot be removed")
    permissions.require(actor, "process.manage", step.institution)
    with transaction.atomic():
        step.is_active = False
        step.save(update_fields=["is_active", "updated_at"])
        CaseTask.objects.filter(step=step, done_at__isnull=True).delete()
        audit.log(
            step,
            "process.step_deactivated",
            actor=actor,
            institution_id=step.institution_id,
            data={"step": step.pk},
        )
    return step


# --- cases -------------------------------------------------------------------


def case_open(
    *,
    actor: Any,
    institution: Any,
    recruited_name: str,
    kind: str = CaseKind.RECRUITMENT,
    recruited_position: str = "",
    recruited_department: str = "",
    recruited_start_date: dt.date | None = None,
    confidential: bool = False,
    assigned_officers: list[Any] | None = None,
    partner_first_name: str = "",
    partner_last_name: str = "",
    partner_email: str = "",
    opened_on: dt.date | None = None,
) -> Case:
    """Open a case for a couple at `institution`, with the partner's profile and the tasks."""
    permissions.require(actor, "case.create", institution)
    if kind not in CaseKind.values:
        raise ValidationError({"kind": _("Please choose recruitment or retention.")})
    if not recruited_name.strip():
        raise ValidationError({"recruited_name": _("Please enter the recruited person's name.")})
    officers = list(assigned_officers or [])
    allowed = set(selectors.officers_of(institution_id=institution.pk).values_list("pk", flat=True))
    if any(officer.pk not in allowed for officer in officers):
        raise ValidationError(
            {"assigned_officers": _("Only officers of the institution can be assigned.")}
        )
    if actor.pk in allowed and all(officer.pk != actor.pk for officer in officers):
        officers.append(actor)
    with transaction.atomic():
        case = Case.objects.create(
            institution=institution,
            kind=kind,
            recruited_name=recruited_name.strip(),
            recruited_position=recruited_position.strip(),
            recruited_department=recruited_department.strip(),
            recruited_start_date=recruited_start_date,
            confidential=confidential,
            opened_by=actor,
            opened_on=opened_on or timezone.localdate(),
        )
        case.assigned_officers.set(officers)
        PartnerProfile.objects.create(
            case=case,
            first_name=partner_first_name.strip(),
            last_name=partner_last_name.strip(),
            email=partner_email.strip().lower(),
        )
        _tasks_sync(case)
        audit.log(
            case,
            "case.opened",
            actor=actor,
            data={"kind": kind, "confidential": confidential, "officers": len(officers)},
        )
    return case


CASE_EDITABLE = (
    "kind",
    "recruited_name",
    "recruited_position",
    "recruited_department",
    "recruited_start_date",
    "confidential",
)


def case_update(
    *, case: Case, actor: Any, data: dict[str, Any], assigned_officers: list[Any] | None = None
) -> Case:
    """Change the case's own data (recruited person, confidentiality, assigned officers)."""
    require_case_access(actor, "case.edit", case)
    unknown = set(data) - set(CASE_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = [name for name, value in data.items() if getattr(case, name) != value]
    with transaction.atomic():
        for name in changed:
            setattr(case, name, data[name])
        if changed:
            case.save(update_fields=[*changed, "updated_at"])
        if assigned_officers is not None:
            allowed = set(
                selectors.officers_of(institution_id=case.institution_id).values_list(
                    "pk", flat=True
                )
            )
            if not assigned_officers or any(o.pk not in allowed for o in assigned_officers):
                raise ValidationError(
                    {"assigned_officers": _("Assign at least one officer of the institution.")}
                )
            case.assigned_officers.set(assigned_officers)
            changed.append("assigned_officers")
        audit.log(case, "case.updated", actor=actor, data={"fields": sorted(changed)})
    return case


def acknowledgement_record(*, case: Case, actor: Any) -> Case:
    """Record that the partner acknowledged: support, no job guarantee; employers select freely."""
    role = require_officer_or_partner(
        actor, case, officer_perm="case.edit", partner_perm="consent.manage_own"
    )
    if case.acknowledged_at is not None:
        return case
    with transaction.atomic():
        case.acknowledged_at = timezone.now()
        case.acknowledgement_recorded_by = actor
        case.save(update_fields=["acknowledged_at", "acknowledgement_recorded_by", "updated_at"])
        audit.log(case, "case.acknowledgement_recorded", actor=actor, data={"by": role})
    return case


def case_status_set(
    *, case: Case, actor: Any, status: str, acknowledged: bool = False, on: dt.date | None = None
) -> Case:
    """Move the case to the next status of the workflow (inquiry → intake → active).

    Entering intake requires the partner's acknowledgement that the service
    supports but guarantees no job; pass `acknowledged=True` when the officer
    records it in the same step.
    """
    require_case_access(actor, "case.edit", case)
    if status not in STATUS_NEXT.get(case.status, ()):
        raise ValidationError(
            {"status": _("A case in this status cannot move to the chosen status.")}
        )
    if status == CaseStatus.INTAKE and case.acknowledged_at is None and not acknowledged:
        raise ValidationError(
            {
                "acknowledged": _(
                    "Please record that the partner was informed: the service supports, "
                    "but guarantees no job, and employers select by their own procedures."
                )
            }
        )
    day = on or timezone.localdate()
    with transaction.atomic():
        previous = case.status
        if status == CaseStatus.INTAKE and case.acknowledged_at is None:
            case.acknowledged_at = timezone.now()
            case.acknowledgement_recorded_by = actor
        case.status = status
        if status == CaseStatus.INTAKE:
            case.intake_on = day
        elif status == CaseStatus.ACTIVE:
            case.active_on = day
        case.save()
        ticked = sum(_task_auto_complete(case, code, actor) for code in AUTO_STEPS_INTAKE)
        audit.log(
            case,
            "case.status_changed",
            actor=actor,
            data={"from": previous, "to": status, "steps_done": ticked},
        )
    return case


def case_close(
    *,
    case: Case,
    actor: Any,
    outcome: str,
    on: dt.date | None = None,
    close_open_items: bool = False,
) -> Case:
    """Close the case with an outcome; the retention period starts on the closing day.

    The steps not done yet are marked "not needed". Introductions and
    network requests still open on the case (`closing.open_items`) are closed
    with it, but only when the officer confirmed that (`close_open_items`):
    without it, open items refuse the closing with a ValidationError on
    "confirm", so that the page can list them first.
    """
    require_case_access(actor, "case.edit", case)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"outcome": _("The case is already closed.")})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Please choose an outcome.")})
    day = on or timezone.localdate()
    if day < case.opened_on:
        raise ValidationError({"closed_on": _("The case cannot close before it was opened.")})
    with transaction.atomic():
        items = closing.open_items(case)
        if items and not close_open_items:
            raise ValidationError(
                {
                    "confirm": _(
                        "Introductions or network requests are still open on this case. "
                        "Confirm that they are closed with it."
                    )
                }
            )
        previous = case.status
        case.status = CaseStatus.CLOSED
        case.outcome = outcome
        case.closed_on = day
        case.save()
        not_needed = CaseTask.objects.filter(case=case, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=None, not_needed=True
        )
        closing.case_closing.send(sender=Case, case=case, actor=actor)
        audit.log(
            case,
            "case.closed",
            actor=actor,
            data={
                "from": previous,
                "outcome": outcome,
                "days": case.days_to_outcome,
                "steps_not_needed": not_needed,
                "items_closed": len(items),
            },
        )
        _notify_partner_of_closing(case)
    return case


def _notify_partner_of_closing(case: Case) -> None:
    """Tell the partner that their case is closed, signed by their officers."""
    from dualcareer.cases.partner_mail import mail_partner

    mail_partner(
        case=case,
        template="cases/mail/case_closed",
        context={"outcome": Outcome(case.outcome).label, "closed_on": case.closed_on},
        links={"export_url": ("cases:my_export",)},
    )


def case_reopen(*, case: Case, actor: Any) -> Case:
    """Reopen a closed case (e.g. closed by mistake): it becomes active again."""
    require_case_access(actor, "case.edit", case)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError({"status": _("Only a closed case can be reopened.")})
    with transaction.atomic():
        previous_outcome = case.outcome
        case.status = CaseStatus.ACTIVE
        case.outcome = ""
        case.closed_on = None
        case.active_on = case.active_on or timezone.localdate()
        case.save()
        reopened = CaseTask.objects.filter(case=case, not_needed=True).update(
            done_at=None, done_by=None, not_needed=False
        )
        audit.log(
            case,
            "case.reopened",
            actor=actor,
            data={"outcome": previous_outcome, "steps_reopened": reopened},
        )
    return case


# --- counselling log ---------------------------------------------------------


def activity_log(
    *,
    case: Case,
    kind: str,
    actor: Any,
    note: str = "",
    date: dt.date | None = None,
    duration_minutes: int | None = None,
    reference: str = "",
) -> Activity:
    """Record one counselling-log entry for the case and return it.

    `actor` must be an officer of the case's institution ("case.edit"; for
    confidential cases an assigned one). `note` is internal: officers of the
    same institution read it, the partner never does. `reference` may hold
    a code such as the public id of an introduction.
    """
    require_case_access(actor, "case.edit", case)
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Please choose a kind of activity.")})
    day = date or timezone.localdate()
    if day > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError({"date": _("An activity cannot lie in the future.")})
    if duration_minutes is not None and not 1 <= duration_minutes <= 24 * 60:
        raise ValidationError({"duration_minutes": _("Please enter between 1 and 1440 minutes.")})
    with transaction.atomic():
        activity = Activity.objects.create(
            case=case,
            institution_id=case.institution_id,
            kind=kind,
            date=day,
            duration_minutes=duration_minutes,
            officer=actor,
            note=note.strip(),
            reference=reference[:64],
        )
        audit.log(
            case, "case.activity_logged", actor=actor, data={"kind": kind, "activity": activity.pk}
        )
    return activity


# --- partner profile ---------------------------------------------------------

PROFILE_EDITABLE: tuple[str, ...] = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "gender",
    "nationality",
    "street",
    "postcode",
    "city",
    *PROFESSIONAL_FIELDS,
)


def _validate_languages(value: Any) -> list[dict[str, str]]:
    from dualcareer.cases.models import Language, LanguageLevel

    if not isinstance(value, list):
        raise ValidationError({"languages": _("Please list languages with their levels.")})
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for item in value:
        language = str(item.get("language", "")) if isinstance(item, dict) else ""
        level = str(item.get("level", "")) if isinstance(item, dict) else ""
        if language not in Language.values or level not in LanguageLevel.values:
            raise ValidationError(
                {"languages": _("Please choose a language and a level (A1 to C2 or native).")}
            )
        if language in seen:
            raise ValidationError({"languages": _("Each language may be listed once.")})
        seen.add(language)
        cleaned.append({"language": language, "level": level})
    return cleaned


# Sent by the services that save a partner profile's professional fields, inside their
# transaction, right after the save (an explicit call, not a post_save signal). The openings
# app, above cases, receives it and stores the profile's embedding and ESCO links once the
# transaction commits (`matchmaking.embed_profile_on_commit`; unchanged text: nothing done).
profile_saved = Signal()


def profile_update(
    *,
    case: Case,
    actor: Any,
    data: dict[str, Any],
    cv: UploadedFile | None = None,
    remove_cv: bool = False,
) -> PartnerProfile:
    """Update the partner's profile (the partner themself, or an officer of the case).

    Also the partner's rectification (GDPR Art. 16). A CV is checked by
    content (PDF or DOCX) and size before anything is stored.
    """
    role = require_officer_or_partner(
        actor, case, officer_perm="case.edit", partner_perm="profile.edit_own"
    )
    unknown = set(data) - set(PROFILE_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "languages" in data:
        data = {**data, "languages": _validate_languages(data["languages"])}
    if "desired_sectors" in data:
        from dualcareer.network.models import Sector

        sectors = list(data["desired_sectors"] or [])
        if any(sector not in Sector.values for sector in sectors):
            raise ValidationError({"desired_sectors": _("Please choose sectors from the list.")})
        data = {**data, "desired_sectors": sectors}
    if cv is not None:
        try:
            uploads.validate_document(cv)
        except ValidationError as error:
            raise ValidationError({"cv": error.messages}) from error
    profile = case.profile
    old_file = profile.cv.name if profile.cv else ""
    changed = [name for name, value in data.items() if getattr(profile, name) != value]
    for name in changed:
        setattr(profile, name, data[name])
    try:
        profile.full_clean(exclude=["case", "cv"])
    except ValidationError:
        profile.refresh_from_db()
        raise
    new_file = ""
    try:
        with transaction.atomic():
            if cv is not None:
                profile.cv_original_name = (cv.name or "")[-200:]
                # A write that fails half-way leaves no partial file behind; a full
                # disk is a message at the CV field (core.uploads.store).
                new_file = uploads.store(profile.cv, cv, field="cv", name=cv.name or "cv")
                changed.append("cv")
            elif remove_cv and profile.cv:
                profile.cv.name = ""
                profile.cv_original_name = ""
                changed.append("cv")
            newly_complete = profile.completed_at is None and not profile.missing_for_completion()
            if newly_complete:
                profile.completed_at = timezone.now()
            profile.save()
            profile_saved.send(sender=PartnerProfile, profile=profile)
            if newly_complete:
                _task_auto_complete(case, AUTO_STEP_PROFILE, actor)
            audit.log(
                case,
                "profile.rectified" if role == "partner" else "profile.updated",
                actor=actor,
                data={"fields": sorted(changed), "by": role},
            )
            if old_file and "cv" in changed:
                delete_name_on_commit(old_file, profile.cv.storage)
    except Exception:
        if new_file and profile.cv.storage.exists(new_file):
            profile.cv.storage.delete(new_file)
        raise
    return profile


# --- consent -----------------------------------------------------------------


def consent_grant(
    *, case: Case, scope: str, actor: Any, months: int = 12, now: dt.datetime | None = None
) -> Consent:
    """Record the partner's consent for `scope`, valid for `months`; returns the new record.

    Only the partner grants their consent. An earlier consent of the same
    scope that is still in force is marked as replaced (kept as evidence).
    """
    require_case_access(actor, "consent.manage_own", case)
    if scope not in ConsentScope.values:
        raise ValidationError({"scope": _("Unknown scope of consent.")})
    if not 1 <= months <= CONSENT_MAX_MONTHS:
        raise ValidationError(
            {
                "months": _("A consent can be valid for 1 to %(max)s months.")
                % {"max": CONSENT_MAX_MONTHS}
            }
        )
    from dualcareer.cases.models import add_months

    now = now or timezone.now()
    expires = timezone.make_aware(
        dt.datetime.combine(add_months(timezone.localtime(now).date(), months), dt.time(23, 59))
    )
    with transaction.atomic():
        Consent.objects.filter(case=case, scope=scope).not_ended().update(replaced_at=now)
        consent = Consent.objects.create(
            case=case, scope=scope, granted_at=now, expires_at=expires, granted_by=actor
        )
        _task_auto_complete(case, AUTO_STEP_CONSENT, actor)
        audit.log(
            case,
            "consent.granted",
            actor=actor,
            data={"scope": scope, "consent": consent.pk, "expires": expires.date()},
        )
        _consent_receipt(case, scope, granted=True, at=now, expires=expires)
    return consent


def consent_withdraw(*, case: Case, scope: str, actor: Any) -> int:
    """Withdraw the partner's consent for `scope` at once; return how many records ended.

    Officers may record a withdrawal the partner declared to them (by phone,
    by letter); granting is the partner's own act.
    """
    role = require_officer_or_partner(
        actor, case, officer_perm="case.edit", partner_perm="consent.manage_own"
    )
    if scope not in ConsentScope.values:
        raise ValidationError({"scope": _("Unknown scope of consent.")})
    now = timezone.now()
    with transaction.atomic():
        ended = (
            Consent.objects.filter(case=case, scope=scope)
            .not_ended()
            .update(withdrawn_at=now, withdrawn_by=actor)
        )
        audit.log(
            case,
            "consent.withdrawn",
            actor=actor,
            data={"scope": scope, "records": ended, "by": role},
        )
        if ended and role == "partner":
            _notify_officers_of_withdrawal(case, scope)
        if ended:
            _consent_receipt(case, scope, granted=False, at=now, expires=None)
    return ended


def _consent_receipt(
    case: Case, scope: str, *, granted: bool, at: dt.datetime, expires: dt.datetime | None
) -> None:
    """E-mail the partner a receipt of a grant or withdrawal (queued in the transaction)."""
    from dualcareer.cases.partner_mail import mail_partner

    mail_partner(
        case=case,
        template="cases/mail/consent_receipt",
        context={
            "granted": granted,
            "scope": ConsentScope(scope).label,
            "at": at,
            "expires": expires,
        },
        links={"consent_url": ("cases:my_consent",)},
    )


def _mail_on_commit(email: str, language: str, template: str, context: dict[str, Any]) -> None:
    send_on_commit(to=email, language=language, template=template, context=context)


def _notify_officers_of_withdrawal(case: Case, scope: str) -> None:
    """Tell the assigned officers at once, so that nobody shares the profile by hand any more."""
    from django.urls import reverse
    from django.utils import translation

    for officer in case.assigned_officers.filter(is_active=True):
        with translation.override(officer.language):
            context = {
                "reference": case.reference,
                "scope": str(ConsentScope(scope).label),
                "path": reverse("cases:detail", args=[case.public_id]),
            }
        _mail_on_commit(officer.email, officer.language, "cases/mail/consent_withdrawn", context)


# --- institution rules -------------------------------------------------------


def case_policy_update(
    *,
    actor: Any,
    institution: Any,
    eligibility_de: str,
    eligibility_en: str,
    support_months: int | None,
    retention_months: int | None,
) -> CasePolicy:
    """Set an institution's case rules: who may be served, for how long, retention period."""
    permissions.require(actor, "process.manage", institution)
    for name, value in (("support_months", support_months), ("retention_months", retention_months)):
        if value is not None and not 1 <= value <= 120:
            raise ValidationError({name: _("Please enter between 1 and 120 months.")})
    with transaction.atomic():
        policy, _created = CasePolicy.objects.select_for_update().get_or_create(
            institution=institution
        )
        policy.eligibility_de = eligibility_de.strip()
        policy.eligibility_en = eligibility_en.strip()
        policy.support_months = support_months
        policy.retention_months = retention_months
        policy.save()
        audit.log(
            institution,
            "case_policy.updated",
            actor=actor,
            data={"support_months": support_months, "retention_months": retention_months},
        )
    return policy


def partner_logout_after_erasure_record(*, case: Case) -> None:
    """Audit that the partner's session ended because they erased their own data.

    The partner's account is gone with the data: the entry names the
    anonymised case, not the account (`logout()` would audit a dangling user).
    """
    with transaction.atomic():
        audit.log(case, "case.partner_logged_out", data={"reason": "erasure_by_partner"})
