"""The questionnaire, completed through the private link: drafts, files, tables, submission."""

from contextlib import suppress
from functools import partial

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import workflow
from ..forms import (
    ApplicationFormBuilder,
    ChangeNoticeForm,
    QuestionSpec,
    answers_from,
    bound_items,
    question_specs,
    snapshot,
)
from ..limits import refused
from ..models import ApplicationStatus, InformationRequest
from ..models.questionnaires import Attachment, QuestionnaireResponse
from ..uploads import atomic_with_files, store_files
from .public_form import linked_application, posted_ids, private, private_page
from .renewal import renewal_context, save_renewal_parts

S = ApplicationStatus


def definition_for(application):
    definition = application.call.questionnaire
    return definition.in_language(application.language) if definition else None


def starting_answers(application, response):
    """The saved answers; before the first save, a question the C1 form already asked
    under the same key (the population…) starts with the applicant's answer there."""
    if response.answers:
        return response.answers
    return {
        key: value for key, value in (application.answers or {}).items() if value not in ("", None)
    }


def build_form(items, data=None, initial=None):
    specs = [item for item in items if isinstance(item, QuestionSpec)]
    form_class = ApplicationFormBuilder(specs).get_form_class()
    return form_class(data=data, initial=initial or {}), specs


def store_uploads(request, application, specs, form):
    """Remove the files ticked for removal and keep every uploaded one now (so a file
    survives an error elsewhere on the form); errors go next to their question."""
    for spec in specs:
        if spec.field_type != "files":
            continue
        key, most = spec.clean_name, spec.settings.get("max_files", 5)
        existing = application.attachments.filter(question_key=key)
        remove = posted_ids(request, f"{key}-remove-file")
        for attachment in existing.filter(pk__in=remove):
            # The file goes only once the row's deletion is committed.
            transaction.on_commit(partial(attachment.file.storage.delete, attachment.file.name))
            attachment.delete()
        uploads, room = request.FILES.getlist(key), max(most - existing.count(), 0)
        if len(uploads) > room:
            form.add_error(key, _("At most %(count)s files for this question.") % {"count": most})
        store_files(application, uploads[:room], key, form, key)


def require_files(application, specs, form):
    """Each required file question without a file gets an error."""
    files = file_answers(application, specs)
    for spec in specs:
        if spec.field_type == "files" and spec.required and not files[spec.clean_name]:
            form.add_error(spec.clean_name, _("Attach at least one file."))


def draft_answers(form, specs, previous):
    """What to keep in a draft: valid answers cleaned, invalid ones exactly as typed."""
    answers = dict(previous)
    kept = [spec for spec in specs if spec.field_type != "files"]
    answers.update(answers_from(form, [s for s in kept if s.clean_name in form.cleaned_data]))
    for spec in kept:
        if spec.clean_name in form.errors:
            answers[spec.clean_name] = keep_as_typed(form[spec.clean_name].value())
    return answers


RAW_LIMIT = 20_000


def keep_as_typed(value):
    """An answer that did not validate, kept for the applicant to correct (capped)."""
    if isinstance(value, str):
        return value[:RAW_LIMIT]
    if isinstance(value, list):
        return [keep_as_typed(item) for item in value[:200]]
    if isinstance(value, dict):
        return {str(k)[:40]: keep_as_typed(v) for k, v in list(value.items())[:50]}
    return value


def check_as_draft(*forms):
    """Check what was typed as if every answer were optional (a draft may be incomplete),
    then mark the required questions again for the page (its * marks, `required`)."""
    relaxed = [f for form in forms for f in form.fields.values() if f.required]
    for field in relaxed:
        field.required = False
    try:
        for form in forms:
            form.is_valid()
    finally:
        for field in relaxed:
            field.required = True


def file_answers(application, specs):
    """The files kept for each file question, by its key."""
    return {
        spec.clean_name: [
            {"id": a.pk, "name": a.original_name, "size": a.size}
            for a in application.attachments.filter(question_key=spec.clean_name)
        ]
        for spec in specs
        if spec.field_type == "files"
    }


@never_cache
def questionnaire(request, token):
    """Fill in, save as a draft, and submit the questionnaire."""
    application = linked_application(token)
    definition = definition_for(application)
    if definition is None or application.status not in (S.QUESTIONNAIRE, S.SUBMITTED):
        return redirect("pbcert:application_status", token=token)
    response, _created = QuestionnaireResponse.objects.get_or_create(application=application)
    items = question_specs(definition.questions)
    read_only = response.is_submitted or application.status != S.QUESTIONNAIRE

    status, progress_errors = 200, {}
    if request.method == "POST" and not read_only:
        form, specs = build_form(items, data=request.POST)
        submitting = "submit" in request.POST
        # Drafts are never throttled (the link is private and nothing is lost);
        # submissions are, per application (and are then kept as a draft).
        throttled = submitting and refused(request, f"questionnaire-submit:{application.pk}", form)
        # Validated, saved and submitted under one lock: a draft saved in another tab
        # meanwhile cannot replace the answers this submission checked.
        with atomic_with_files():
            try:
                workflow.locked(application, (S.QUESTIONNAIRE,), "")
            except workflow.TransitionNotAllowed:
                return redirect("pbcert:application_status", token=token)
            response = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
            if response.is_submitted:
                return redirect("pbcert:application_status", token=token)
            if submitting:
                form.is_valid()
            else:
                check_as_draft(form)  # a draft may be incomplete
            store_uploads(request, application, specs, form)
            previous = dict(response.answers)
            response.answers = draft_answers(form, specs, response.answers)
            workflow.record_revisions(application, response, previous, response.answers)
            response.questions = snapshot(items)
            response.saved_at = timezone.now()
            response.save(update_fields=["answers", "questions", "saved_at"])
            missing = save_renewal_parts(request, application, response, form, specs, previous)
            if submitting and not throttled:
                require_files(application, specs, form)
                if missing:
                    progress_errors = missing
                    form.add_error(
                        None,
                        _("Say what progress was made on each of last year's recommendations."),
                    )
            if submitting and not throttled and not form.errors:
                try:
                    workflow.submit_questionnaire(application, response)
                except workflow.TransitionNotAllowed as error:
                    form.add_error(None, str(error.args[0]))
                    status = 409
                else:
                    thanks = _("Thank you: your questionnaire has been submitted.")
                    messages.success(request, thanks)
                    return redirect("pbcert:application_status", token=token)
        if throttled:
            status = 429
        elif not submitting and "add_row" not in request.POST:
            if not form.errors:
                saved = _("Your answers are saved. You can come back with the same link.")
                messages.success(request, saved)
                return redirect("pbcert:questionnaire", token=token)
            attention = _("Your answers are saved, but some need attention before you submit.")
            form.add_error(None, attention)
        if form.errors and status == 200:
            status = 400  # shown again with its errors
    else:
        form, specs = build_form(items, initial=starting_answers(application, response))

    context = {
        "application": application,
        "definition": definition,
        "response": response,
        "form": form,
        "read_only": read_only,
        "items": bound_items(form, items),
        "files": file_answers(application, specs),
        "token": token,
        "due": response.due_date(),
        "overdue": response.is_overdue(),
        **renewal_context(application, response, specs, progress_errors),
    }
    return private_page(request, "pbcert_wagtail/applicant/questionnaire.html", context, status)


@never_cache
def attachment_for_applicant(request, token, pk):
    """A questionnaire file, for the holder of the application's private link only."""
    application = linked_application(token)
    attachment = get_object_or_404(Attachment, pk=pk, application=application)
    return private(serve_attachment(attachment))


def serve_attachment(attachment):
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


class Refused(Exception):
    """Roll the answer back (files included): something in it was not acceptable."""


@never_cache
def information_request(request, token, pk):
    """The applicant answers a request for information: text, files, unlocked questions."""
    application = linked_application(token)
    info = get_object_or_404(InformationRequest, pk=pk, application=application)
    definition = definition_for(application)
    items = question_specs(definition.questions) if definition else []
    unlocked = [i for i in items if getattr(i, "clean_name", None) in info.unlocked_keys]
    response, _created = QuestionnaireResponse.objects.get_or_create(application=application)
    posted = request.method == "POST"
    data = request.POST if posted else None
    form, specs = build_form(unlocked, data=data, initial=response.answers)
    text_form = ChangeNoticeForm(data)
    status = 200
    open_now = info.is_open and application.status == S.INFORMATION_REQUESTED
    if posted and open_now and "add_row" in request.POST:
        check_as_draft(form, text_form)  # shown again with a table row more; nothing sent
    elif posted and open_now and refused(request, f"information:{application.pk}", text_form):
        status = 429
    elif posted and open_now:
        with suppress(Refused), atomic_with_files():  # Refused: rolled back, files too
            try:  # checked, stored and answered under one lock
                workflow.locked(application, (S.INFORMATION_REQUESTED,), "")
            except workflow.TransitionNotAllowed as error:
                text_form.add_error(None, _("This request is no longer open."))
                raise Refused from error
            text_form.is_valid()
            form.is_valid()
            store_uploads(request, application, specs, form)
            files = request.FILES.getlist("files")[:5]
            store_files(application, files, "information", text_form, information_request=info)
            require_files(application, specs, form)
            if text_form.errors or form.errors:
                raise Refused
            changes = answers_from(form, [s for s in specs if s.field_type != "files"])
            try:
                workflow.answer_information_request(info, text_form.cleaned_data["text"], changes)
            except workflow.TransitionNotAllowed as error:
                text_form.add_error(None, str(error.args[0]))
                raise Refused from error
            messages.success(request, _("Thank you: your answer has been sent to the team."))
            return redirect("pbcert:application_status", token=token)
        status = 400
    context = {
        "application": application,
        "info": info,
        "form": form,
        "text_form": text_form,
        "items": bound_items(form, specs),
        "files": file_answers(application, specs),
        "token": token,
        "read_only": not open_now,
    }
    template = "pbcert_wagtail/applicant/information_request.html"
    return private_page(request, template, context, status)
