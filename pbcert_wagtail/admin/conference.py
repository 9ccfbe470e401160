"""Staff set a call's handover conference, see who is coming (with totals, exported), and
mark who received the certificate there."""

from datetime import timedelta
from itertools import chain

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from .. import exports
from ..certificates import conference as service
from ..models import Certificate, CertificationCall, ConferenceAnswer, HandoverConference
from .dashboard import Item, NextAction, listed

PERMISSION = "pbcert.change_handoverconference"


class InvitingOnSave:
    """Saving a conference invites, after the commit, the municipalities already certified."""

    def save_instance(self):
        instance = super().save_instance()
        transaction.on_commit(lambda: service.invite(instance))
        return instance


class ConferenceCreateView(InvitingOnSave, generic.CreateView):
    def get_initial(self):
        """The call the dashboard's link names (`?call=`)."""
        return {**super().get_initial(), "call": self.request.GET.get("call")}


class ConferenceEditView(InvitingOnSave, generic.EditView):
    pass


class HandoverConferenceViewSet(ModelViewSet):
    """A call's handover conference: date, place, programme in both languages."""

    model = HandoverConference
    icon = "group"
    menu_label = _("Conferences")
    add_to_admin_menu = False
    url_prefix = "conferences"
    add_view_class = ConferenceCreateView
    edit_view_class = ConferenceEditView
    copy_view_enabled = False
    form_fields = ["call", "date", "place_ka", "place_en", "programme_ka", "programme_en"]
    list_display = [
        "call",
        Column("date", label=_("date"), accessor=lambda c: date_format(c.date)),
        "place_ka",
        TitleColumn(
            "attendance",
            label=_("Who is coming"),
            accessor=lambda c: _("Who is coming"),
            get_url=lambda c: reverse("handoverconference:attendance", args=[c.pk]),
        ),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("attendance/<int:pk>/", AttendanceView.as_view(), name="attendance"),
            path("received/<int:pk>/", mark_received, name="received"),
        ]


def rows_of(conference):
    """(certificate, answer or None) for every municipality invited."""
    answers = {a.certificate_id: a for a in conference.answers.all()}
    return [(c, answers.get(c.pk)) for c in service.invited_certificates(conference)]


def totals_of(rows):
    coming = [answer for _certificate, answer in rows if answer and answer.attending]
    return {
        "invited": len(rows),
        "answered": sum(1 for _certificate, answer in rows if answer),
        "coming": len(coming),
        "people": sum(answer.people for answer in coming),
        "travel": sum(answer.needs_travel for answer in coming),
        "hotel": sum(answer.needs_hotel for answer in coming),
    }


class AttendanceView(WagtailAdminTemplateMixin, TemplateView):
    """Who is coming: every invited municipality with its answer, the totals, an export."""

    template_name = "pbcert_wagtail/admin/conference_attendance.html"
    header_icon = "group"

    def dispatch(self, request, pk):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        self.conference = get_object_or_404(
            HandoverConference.objects.select_related("call"), pk=pk
        )
        if request.GET.get("format") in ("csv", "xlsx"):
            return self.export(request.GET["format"])
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        """Home › the listing › this page (without them the header shows only "Home")."""
        listing = {"url": reverse("handoverconference:index"), "label": _("Conferences")}
        return [*self.breadcrumbs_items, listing, {"url": "", "label": self.get_page_title()}]

    def get_page_title(self):
        return _("Who is coming: %(conference)s") % {"conference": self.conference}

    def get_context_data(self, **kwargs):
        rows = rows_of(self.conference)
        return {
            **super().get_context_data(**kwargs),
            "conference": self.conference,
            "rows": rows,
            "totals": totals_of(rows),
        }

    def export(self, kind):
        header = [
            _("municipality"),
            _("certificate"),
            _("attending"),
            _("number of people"),
            _("names and roles"),
            _("travel needed"),
            _("hotel needed"),
            _("dietary needs"),
            _("certificate received"),
        ]
        lines = (
            [
                c.municipality.name,
                c.number,
                "" if a is None else (_("Yes") if a.attending else _("No")),
                a.people if a else "",
                a.names_and_roles if a else "",
                (_("Yes") if a.needs_travel else "") if a else "",
                (_("Yes") if a.needs_hotel else "") if a else "",
                a.dietary_needs if a else "",
                (_("Yes") if a.received_at else "") if a else "",
            ]
            for c, a in rows_of(self.conference)
        )
        return exports.response(
            chain([header], lines), kind, f"conference-{self.conference.call.year}"
        )


@require_POST
def mark_received(request, pk):
    """The municipality received its certificate at the conference."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    answer = get_object_or_404(ConferenceAnswer.objects.select_related("conference"), pk=pk)
    service.mark_received(answer)
    messages.success(
        request, _("Marked as received; the certificate's handover date and place are filled in.")
    )
    return redirect("handoverconference:attendance", answer.conference_id)


HANDOVER_DAYS = (
    60  # after its conference, how long a certificate not marked received is asked about
)


def conference_next_actions(user, today):
    """For staff: a call certified without its conference yet; before each conference, how
    many invited municipalities answered; from its day on, the certificates to hand over."""
    if not user.has_perm(PERMISSION):
        return []
    published = Certificate.objects.filter(
        call=OuterRef("pk"), decision__published_at__isnull=False, revoked_at__isnull=True
    )
    unset = (
        CertificationCall.objects.filter(Exists(published), conference__isnull=True)
        .filter(year__gte=today.year - 1)
        .order_by("-year")
    )
    label = ngettext_lazy(
        "call with certified municipalities and no handover conference: set its date and place",
        "calls with certified municipalities and no handover conference: set their dates and places",
        "count",
    )
    add = reverse("handoverconference:add")
    actions = [
        listed("staff", label, unset, add, lambda call: Item(str(call), f"{add}?call={call.pk}"),
               order=87)
    ]  # fmt: skip
    for conference in HandoverConference.objects.filter(
        date__gte=today - timedelta(days=HANDOVER_DAYS)
    ).select_related("call"):
        url = reverse("handoverconference:attendance", args=[conference.pk])
        rows = rows_of(conference)
        if conference.date >= today:
            totals = totals_of(rows)
            label = ngettext_lazy(
                "municipality yet to answer the invitation to the conference (%(coming)d coming so far)",
                "municipalities yet to answer the invitation to the conference (%(coming)d coming so far)",
                "count",
            )
            actions.append(
                NextAction("staff", label, totals["invited"] - totals["answered"], url,
                           due=conference.date, order=88, values={"coming": totals["coming"]})
            )  # fmt: skip
        if conference.date <= today:
            to_hand = [c for c, a in rows if a and a.attending and not a.received_at]
            label = ngettext_lazy(
                "certificate to hand over at the conference: mark it as received",
                "certificates to hand over at the conference: mark them as received",
                "count",
            )
            items = [Item(f"{c.number} · {c.municipality.name}", url) for c in to_hand]
            actions.append(NextAction("staff", label, len(to_hand), url, items, order=89))
    return actions
