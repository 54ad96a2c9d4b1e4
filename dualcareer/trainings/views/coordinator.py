"""The coordinators' pages: the programme's trainings, participants, attendance, feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dualcareer.core.views import apply_validation_error, error_messages, refuse_quietly
from dualcareer.trainings import access, selectors, services
from dualcareer.trainings import feedback as feedback_services
from dualcareer.trainings.forms import (
    SERVICE_FIELD_MAP,
    DocumentForm,
    ParticipantAddForm,
    QuestionForm,
    TrainingForm,
)
from dualcareer.trainings.models import RegistrationStatus

PER_PAGE = 50


def _apply(form: TrainingForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {SERVICE_FIELD_MAP.get(k, k): v for k, v in error.error_dict.items()}
        )
    apply_validation_error(form, error)


@login_required
@refuse_quietly
def manage(request: HttpRequest) -> HttpResponse:
    """All trainings of the networks the coordinator runs, drafts included."""
    networks = selectors.managed_networks(user=request.user)
    if not networks:
        raise PermissionDenied
    page = Paginator(selectors.managed_trainings(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "trainings/manage.html",
        {"trainings": page.object_list, "page": page, "networks": networks},
    )


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def training_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_get(user=request.user, slug=slug)
    access.require_manager(request.user, network)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_save(
                actor=request.user,  # type: ignore[arg-type]
                network=network,
                values=form.to_input(),
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Saved as a draft. Publish it when it is ready."))
            return redirect("trainings:participants", public_id=training.public_id)
    return render(
        request,
        "trainings/training_form.html",
        {"form": form, "network": network, "training": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def training_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    training = selectors.managed_training_get(user=request.user, public_id=public_id)
    form = TrainingForm(request.POST or None, initial=TrainingForm.initial_from(training))
    if request.method == "POST" and form.is_valid():
        try:
            services.training_save(
                actor=request.user,  # type: ignore[arg-type]
                network=training.network,
                values=form.to_input(),
                training=training,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The training has been saved."))
            return redirect("trainings:participants", public_id=training.public_id)
    return render(
        request,
        "trainings/training_form.html",
        {"form": form, "network": training.network, "training": training},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@refuse_quietly
@require_POST
def training_status(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Publish a draft, or cancel a training (everybody registered is told)."""
    training = selectors.managed_training_get(user=request.user, public_id=public_id)
    action = request.POST.get("action", "")
    try:
        if action == "publish":
            services.training_publish(actor=request.user, training=training)  # type: ignore[arg-type]
            messages.success(request, _("The training is published."))
        elif action == "cancel":
            services.training_cancel(actor=request.user, training=training)  # type: ignore[arg-type]
            messages.success(request, _("The training is cancelled; the participants are told."))
        else:
            return HttpResponse(_("Choose an action."), status=400)
    except ValidationError as error:
        error_messages(request, error)
    return redirect("trainings:participants", public_id=training.public_id)


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def participants(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The participants and the waiting list; add a participant."""
    training = selectors.managed_training_get(user=request.user, public_id=public_id)
    services.offers_expire(training=training)
    form = ParticipantAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.participant_add(
                actor=request.user,  # type: ignore[arg-type]
                training=training,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if added.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("The participant has been added."))
            else:
                messages.success(request, _("The training is full: added to the waiting list."))
            return redirect("trainings:participants", public_id=training.public_id)
    groups = selectors.participants(user=request.user, training=training)
    return render(
        request,
        "trainings/participants.html",
        {
            "training": training,
            "page": selectors.training_page(user=request.user, training=training),
            "groups": groups,
            "confirmed": groups.get(RegistrationStatus.CONFIRMED, []),
            "waiting": groups.get(RegistrationStatus.WAITING, [])
            + groups.get(RegistrationStatus.OFFERED, []),
            "others": [
                r
                for status, items in groups.items()
                if status
                not in (
                    RegistrationStatus.CONFIRMED,
                    RegistrationStatus.WAITING,
                    RegistrationStatus.OFFERED,
                )
                for r in items
            ],
            "targets": selectors.move_targets(user=request.user, training=training),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@refuse_quietly
@require_POST
def participant_action(request: HttpRequest, public_id: Any, registration_id: Any) -> HttpResponse:
    """Remove a participant, or move them to another training."""
    training = selectors.managed_training_get(user=request.user, public_id=public_id)
    registration = selectors.managed_registration(training=training, public_id=registration_id)
    if registration is None:
        return HttpResponse(_("Unknown participant."), status=404)
    action = request.POST.get("action", "")
    try:
        if action == "remove":
            services.participant_remove(actor=request.user, registration=registration)  # type: ignore[arg-type]
            messages.success(request, _("The participant has been removed."))
        elif action == "move":
            target = next(
                (
                    t
                    for t in selectors.move_targets(user=request.user, training=training)
                    if str(t.public_id) == request.POST.get("target", "")
                ),
                None,
            )
            if target is None:
                return HttpResponse(_("Choose the training to move to (target)."), status=400)
            services.participant_move(
                actor=request.user,  # type: ignore[arg-type]
                registration=registration,
                target=target,
            )
            messages.success(request, _("The participant has been moved."))
        else:
            return HttpResponse(_("Choose an action."), status=400)
    except ValidationError as error:
        error_messages(request, error)
    return redirect("trainings:participants", public_id=training.public_id)


@login_required
@refuse_quietly
@require_POST
def attendance(request: HttpRequest, public_id: Any) -> HttpResponse:
    training = selectors.managed_training_get(user=request.user, public_id=public_id)
    try:
        count = services.attendance_set(
            actor=request.user,  # type: ignore[arg-type]
            training=training,
            attended=request.POST.getlist("attended"),
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("Attendance saved: %(count)s participants attended.") % {"count": count}
        )
    return redirect("trainings:participants", public_id=training.public_id)


@login_required
@refuse_quietly
def feedback_results(request: HttpRequest, public_id: Any) -> HttpResponse:
    training = selectors.managed_training_get(user=request.user, public_id=public_id)
    responses, results = selectors.feedback_results(user=request.user, training=training)
    return render(
        request,
        "trainings/feedback_results.html",
        {"training": training, "responses": responses, "results": results},
    )


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def feedback_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The feedback over time, and the network's questions (add one, stop asking one)."""
    network = selectors.network_get(user=request.user, slug=slug)
    access.require_manager(request.user, network)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        toggle = request.POST.get("toggle", "")
        if toggle:
            question = selectors.feedback_question(network=network, key=toggle)
            if question is None:
                return HttpResponse(_("Unknown question."), status=400)
            feedback_services.question_toggle(actor=request.user, question=question)  # type: ignore[arg-type]
            return redirect("trainings:feedback_overview", slug=slug)
        if form.is_valid():
            try:
                feedback_services.question_add(
                    actor=request.user,  # type: ignore[arg-type]
                    network=network,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The question has been added."))
                return redirect("trainings:feedback_overview", slug=slug)
    feedback_services.questions_for(network)
    points = selectors.feedback_over_time(user=request.user, network=network)
    return render(
        request,
        "trainings/feedback_overview.html",
        {
            "network": network,
            "points": points,
            "chart_width": max(len(points), 1) * 24 + 6,
            "questions": selectors.feedback_questions(network=network),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The documents of a training or meeting: upload one (title, when shared), see all."""
    training = selectors.managed_training_get(user=request.user, public_id=public_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                actor=request.user,  # type: ignore[arg-type]
                training=training,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                sharing=form.cleaned_data["sharing"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The document has been added."))
            return redirect("trainings:documents", public_id=training.public_id)
    page = selectors.training_page(user=request.user, training=training)
    return render(
        request,
        "trainings/documents.html",
        {"training": training, "documents": page.documents, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@refuse_quietly
@require_POST
def document_remove(request: HttpRequest, public_id: Any, document_id: Any) -> HttpResponse:
    training = selectors.managed_training_get(user=request.user, public_id=public_id)
    document = selectors.managed_document_get(
        user=request.user, training=training, public_id=document_id
    )
    services.document_remove(actor=request.user, document=document)  # type: ignore[arg-type]
    messages.success(request, _("The document has been removed."))
    return redirect("trainings:documents", public_id=training.public_id)
