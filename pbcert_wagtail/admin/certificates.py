"""Staff's certificates: every certificate with its state and PDF, filtered and exported;
a certificate's page with its documents (download, issue a new one, render again); and
recording a certificate that was handed over on paper."""

from itertools import chain

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from .. import exports, notifications
from ..certificates import expiry, issuing, rendering, revocation
from ..models import (
    Certificate,
    CertificateDocument,
    CertificateState,
    PdfState,
    RevocationReason,
)
from ..models.certificates import tbilisi_today
from ..views.certificates import serve_certificate
from .dashboard import Item, NextAction, listed
from .permissions import NoAddNoDeletePolicy

PDF_CHOICES = [
    ("rendered", _("PDF ready")),
    ("pending", _("PDF pending")),
    ("failed", _("PDF failed, being retried")),
    ("none", _("no PDF (issued on paper)")),
]


class CertificateFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("status"), choices=CertificateState.choices, method="filter_state"
    )
    pdf = django_filters.ChoiceFilter(label=_("PDF"), choices=PDF_CHOICES, method="filter_pdf")
    expiring = django_filters.ChoiceFilter(
        label=_("expiry"),
        choices=[("soon", _("expiring soon, no renewal submitted"))],
        method="filter_expiring",
    )

    class Meta:
        model = Certificate
        fields = ["call", "on_paper"]

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)

    def filter_expiring(self, queryset, name, value):
        """Those the expiry reminders are about: valid, ending within the earliest reminder."""
        return queryset.filter(pk__in=expiry.expiring(tbilisi_today()).values("pk"))

    def filter_pdf(self, queryset, name, value):
        """By the current (not replaced) document's state."""
        if value == "none":
            return queryset.filter(documents__isnull=True)
        current = CertificateDocument.objects.filter(replaced_at__isnull=True)
        if value == "failed":
            current = current.filter(state=PdfState.PENDING).exclude(last_error="")
        else:
            current = current.filter(state=value)
        return queryset.filter(pk__in=current.values("certificate"))


def pdf_summary(queryset):
    """How many of these certificates' current PDFs are ready, pending or failing."""
    documents = CertificateDocument.objects.filter(
        certificate__in=queryset.values("pk"), replaced_at__isnull=True
    )
    counts = documents.aggregate(
        total=Count("pk"),
        rendered=Count("pk", filter=Q(state=PdfState.RENDERED)),
        failed=Count("pk", filter=Q(state=PdfState.PENDING) & ~Q(last_error="")),
    )
    counts["pending"] = counts["total"] - counts["rendered"]
    return counts


class CertificateIndexView(generic.IndexView):
    """Every certificate; above the list, how many PDFs are ready."""

    results_template_name = "pbcert_wagtail/admin/certificates/index_results.html"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("municipality", "call")
            .prefetch_related("documents")
        )

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """Wagtail's "Download CSV/XLSX" through our exporter (BOM, escaped cells)."""
        header = [
            _("number"),
            _("municipality (Georgian)"),
            _("municipality (English)"),
            _("call"),
            _("valid from"),
            _("valid until"),
            _("status"),
            _("PDF"),
        ]
        rows = (
            [
                c.number,
                c.municipality.name_ka,
                c.municipality.name_en,
                c.call.year if c.call else "",
                c.valid_from.isoformat(),
                c.valid_until.isoformat(),
                c.state_label,
                c.pdf_label,
            ]
            for c in queryset
        )
        return exports.response(chain([header], rows), spreadsheet_format, "certificates")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = context.get("paginator")
        queryset = paginator.object_list if paginator else self.get_queryset()
        context["pdf_summary"] = pdf_summary(queryset)
        return context


class CertificateInspectView(generic.InspectView):
    """A certificate with its documents: staff download a PDF, issue a new document (a new
    verification code; the old one then says it was replaced) or render a pending one."""

    template_name = "pbcert_wagtail/admin/certificates/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.object
        context["certificate"] = certificate
        context["documents"] = list(certificate.documents.order_by("-created_at", "-pk"))
        context["recommendations"] = list(certificate.recommendations.select_related("criterion"))
        return context


class PaperCertificateForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = [
            "municipality",
            "valid_from",
            "handover_date",
            "handover_place_ka",
            "handover_place_en",
        ]


class PaperCertificateCreateView(generic.CreateView):
    """Record a certificate handed over on paper: numbered from its year, valid a year."""

    def get_form_class(self):
        return PaperCertificateForm

    def save_instance(self):
        data = dict(self.form.cleaned_data)
        return issuing.record_paper_certificate(
            data.pop("municipality"), data.pop("valid_from"), self.request.user, **data
        )


class NoDeletePolicy(NoAddNoDeletePolicy):
    """Certificates are revoked, never deleted."""

    blocked = ("delete",)


class CertificateViewSet(ModelViewSet):
    """The certificates listing, a certificate's page and paper certificates."""

    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    add_to_admin_menu = False
    url_prefix = "certificates"
    index_view_class = CertificateIndexView
    inspect_view_enabled = True
    inspect_view_class = CertificateInspectView
    add_view_class = PaperCertificateCreateView
    copy_view_enabled = False
    filterset_class = CertificateFilterSet
    search_fields = ["number", "municipality__name_ka", "municipality__name_en"]
    search_backend_name = None
    form_fields = ["handover_date", "handover_place_ka", "handover_place_en"]
    list_display = [
        TitleColumn(
            "number",
            label=_("number"),
            get_url=lambda c: reverse("certificate:inspect", args=[c.pk]),
        ),
        Column("municipality", label=_("municipality")),
        Column("call", label=_("call")),
        Column("valid_from", label=_("valid from"), accessor=lambda c: date_format(c.valid_from)),
        Column(
            "valid_until", label=_("valid until"), accessor=lambda c: date_format(c.valid_until)
        ),
        Column("state_label", label=_("status")),
        Column("pdf_label", label=_("PDF")),
    ]
    list_export = [
        "number",
        "municipality",
        "call",
        "valid_from",
        "valid_until",
        "state_label",
        "pdf_label",
    ]
    export_headings = {"state_label": _("status"), "pdf_label": _("PDF")}

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("document/<int:pk>/", document_download, name="document"),
            path("document/<int:pk>/new/", issue_new_document, name="new_document"),
            path("document/<int:pk>/render/", render_again, name="render"),
            path("revoke/<int:pk>/", RevokeView.as_view(), name="revoke"),
        ]


def staff_document(request, pk, action="view"):
    if not request.user.has_perm(f"pbcert.{action}_certificate"):
        raise PermissionDenied
    return get_object_or_404(CertificateDocument.objects.select_related("certificate"), pk=pk)


def document_download(request, pk):
    """A certificate document's PDF, for staff."""
    document = staff_document(request, pk)
    if document.state != PdfState.RENDERED:
        raise Http404
    return serve_certificate(document)


@require_POST
def issue_new_document(request, pk):
    """A new document (new code) for the certificate of document `pk`."""
    document = staff_document(request, pk, "change")
    with transaction.atomic():
        issuing.new_document(document.certificate)
    messages.success(
        request,
        _("A new document is being rendered; the earlier code now says it was replaced."),
    )
    return redirect("certificate:inspect", document.certificate_id)


@require_POST
def render_again(request, pk):
    """Render a pending document now rather than at the next retry."""
    document = staff_document(request, pk, "change")
    rendering.enqueue_render([document.pk])
    messages.success(request, _("The PDF is being rendered again."))
    return redirect("certificate:inspect", document.certificate_id)


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason (shown to the public)"),
        choices=[("", "—"), *RevocationReason.choices],
    )
    note = forms.CharField(
        label=_("Internal note (staff only)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("What happened and who decided: kept with the certificate's history."),
    )


class RevokeView(WagtailAdminTemplateMixin, FormView):
    """Revoke a certificate, with a public reason and an internal note. It cannot be
    undone: the page says so before the button."""

    template_name = "pbcert_wagtail/admin/certificates/revoke.html"
    form_class = RevokeForm
    header_icon = "warning"

    def dispatch(self, request, pk):
        if not request.user.has_perm("pbcert.issue_certificate"):
            raise PermissionDenied
        self.certificate = get_object_or_404(Certificate, pk=pk)
        if self.certificate.revoked_at and request.method == "POST":
            messages.error(request, _("This certificate was already revoked."))
            return redirect("certificate:inspect", pk)
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        """Home › the listing › this page (without them the header shows only "Home")."""
        listing = {"url": reverse("certificate:index"), "label": _("Certificates")}
        return [*self.breadcrumbs_items, listing, {"url": "", "label": self.get_page_title()}]

    def get_page_title(self):
        return _("Revoke certificate %(number)s") % {"number": self.certificate.number}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "certificate": self.certificate}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with notifications.watch() as queued:
                revocation.revoke(self.certificate, self.request.user, data["reason"], data["note"])
        except revocation.AlreadyRevoked as refusal:
            messages.error(self.request, str(refusal))
        else:
            told = (
                _("Nobody was emailed.") if not queued else _("The municipality is being emailed.")
            )
            messages.success(self.request, f"{_('Certificate revoked.')} {told}")
        return redirect("certificate:inspect", self.certificate.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


def certificate_next_actions(user, today):
    """For those who see certificates: PDFs that failed or are being made, and the
    certificates about to expire that no submitted renewal will replace."""
    if not user.has_perm("pbcert.view_certificate"):
        return []
    index = reverse("certificate:index")
    current = CertificateDocument.objects.filter(replaced_at__isnull=True, state=PdfState.PENDING)
    failed = current.exclude(last_error="")
    expiring = expiry.expiring(today).order_by("valid_until", "pk")

    def soon(c):
        return Item(f"{c.number} · {c.municipality.name}",
                    reverse("certificate:inspect", args=[c.pk]), c.valid_until)  # fmt: skip

    return [
        NextAction(
            "staff",
            ngettext_lazy("certificate PDF that failed", "certificate PDFs that failed", "count"),
            failed.count(),
            f"{index}?pdf=failed",
            order=85,
            late=True,
        ),
        NextAction(
            "staff",
            ngettext_lazy("certificate PDF being made", "certificate PDFs being made", "count"),
            current.count() - failed.count(),
            f"{index}?pdf=pending",
            order=86,
        ),
        listed(
            "staff",
            ngettext_lazy("certificate expiring soon", "certificates expiring soon", "count"),
            expiring,
            f"{index}?expiring=soon",
            soon,
            order=95,
        ),
    ]
