"""Exports of applications and reviews (CSV, XLSX), and questionnaire files for staff."""

import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ... import permissions
from ...models import Attachment
from ...views.questionnaire import serve_attachment
from .viewset import ApplicationFilterSet


def call_of(request):
    """The call an export is of: the listing's call filter, else the current (or last) one."""
    from ...models import CertificationCall

    call_id = request.GET.get("call", "")
    if re.fullmatch(r"\d{1,12}", call_id, re.ASCII):
        return CertificationCall.objects.filter(pk=int(call_id)).first()
    return (
        CertificationCall.objects.current() or CertificationCall.objects.order_by("-year").first()
    )


def export_applications(request):
    """CSV or XLSX of the applications of one call (the listing's call filter)."""
    from ... import exports

    if not (
        request.user.has_perm("pbcert.view_application")
        or request.user.has_perm("pbcert.change_application")
    ):
        raise PermissionDenied
    call = call_of(request)
    # The listing's other filters apply too; the export is always of one call.
    filters = request.GET.copy()
    filters.pop("call", None)
    visible = permissions.visible_applications(request.user).filter(call=call)
    filtered = ApplicationFilterSet(filters, queryset=visible).qs
    return exports.response(
        exports.rows(exports.export_queryset(filtered)),
        request.GET.get("format") or request.GET.get("export"),
        f"applications-{call.year if call else 'none'}",
    )


def export_reviews(request):
    """CSV or XLSX of the expert reviews of one call, one row per review."""
    from ... import exports
    from ...models import ExpertReview

    if not request.user.has_perm("pbcert.view_expertreview"):
        raise PermissionDenied
    call = call_of(request)
    visible = permissions.visible_applications(request.user).filter(call=call)
    reviews = (
        ExpertReview.objects.standing()
        .filter(assignment__application__in=visible)
        .select_related("assignment__application__municipality", "assignment__expert")
        .order_by("assignment__application__reference", "pk")
    )
    blocked = [
        a.application_id
        for a in permissions.assignments_of(request.user).filter(review__submitted_at__isnull=True)
    ]
    reviews = reviews.exclude(assignment__application_id__in=blocked)
    return exports.response(
        exports.review_rows(reviews),
        request.GET.get("format"),
        f"reviews-{call.year if call else 'none'}",
    )


def attachment_for_staff(request, pk):
    """A questionnaire file, for staff who may see the application."""
    if not (
        request.user.has_perm("pbcert.view_application")
        or request.user.has_perm("pbcert.change_application")
    ):
        raise PermissionDenied
    attachment = get_object_or_404(Attachment, pk=pk)
    if not permissions.may_see_application(request.user, attachment.application):
        raise PermissionDenied
    return serve_attachment(attachment)
