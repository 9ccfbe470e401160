"""Exports of applications and reviews (CSV, XLSX), and questionnaire files for staff."""

import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ... import exports, permissions
from ...models import Attachment, CertificationCall, ExpertReview
from ...views.questionnaire import serve_attachment
from .viewset import ApplicationFilterSet


def require_application_access(user):
    if not (user.has_perm("pbcert.view_application") or user.has_perm("pbcert.change_application")):
        raise PermissionDenied


def call_of(request):
    """The call an export is of (the listing's call filter, else the current or last one),
    and the applications of it this user may see."""
    call_id = request.GET.get("call", "")
    if re.fullmatch(r"\d{1,12}", call_id, re.ASCII):
        call = CertificationCall.objects.filter(pk=int(call_id)).first()
    else:
        call = CertificationCall.objects.current_or_last()
    return call, permissions.visible_applications(request.user).filter(call=call)


def export_applications(request):
    """CSV or XLSX of the applications of one call (the listing's call filter)."""
    require_application_access(request.user)
    call, visible = call_of(request)
    # The listing's other filters apply too; the export is always of one call.
    filters = request.GET.copy()
    filters.pop("call", None)
    applications = ApplicationFilterSet(filters, queryset=visible).qs
    hidden = permissions.reviews_hidden_from(request.user, applications)
    rows = exports.rows(applications, hidden)
    kind = request.GET.get("format") or request.GET.get("export")
    return exports.response(rows, kind, f"applications-{call.year if call else 'none'}")


def export_reviews(request):
    """CSV or XLSX of the expert reviews of one call, one row per review."""
    if not request.user.has_perm("pbcert.view_expertreview"):
        raise PermissionDenied
    call, visible = call_of(request)
    blocked = permissions.assignments_of(request.user).filter(review__submitted_at__isnull=True)
    reviews = (
        ExpertReview.objects.standing()
        .filter(assignment__application__in=visible)
        .exclude(assignment__application_id__in=[a.application_id for a in blocked])
        .select_related("assignment__application__municipality", "assignment__expert")
        .order_by("assignment__application__reference", "pk")
    )
    year = call.year if call else "none"
    return exports.response(
        exports.review_rows(reviews), request.GET.get("format"), f"reviews-{year}"
    )


def attachment_for_staff(request, pk):
    """A questionnaire file, for staff who may see the application."""
    require_application_access(request.user)
    attachment = get_object_or_404(Attachment, pk=pk)
    if not permissions.may_see_application(request.user, attachment.application):
        raise PermissionDenied
    return serve_attachment(attachment)
