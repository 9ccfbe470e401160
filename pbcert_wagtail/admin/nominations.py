"""Staff review nominations: per municipality, how many and why (never who: the nominators'
addresses are not shown), approve or reject, and what became of it — did the municipality
apply to the call it was invited to, was it certified?"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from ..community import nominations as service
from ..models import Municipality, Nomination, NominationStatus
from .dashboard import Item, listed
from .headers import NamedPage

PERMISSION = "pbcert.change_nomination"
S = NominationStatus


def require_permission(user):
    if not user.has_perm(PERMISSION):
        raise PermissionDenied


def nominated_municipalities():
    """Municipalities with at least one nomination, with their counts; waiting ones first."""
    return (
        Municipality.objects.filter(nominations__isnull=False)
        .annotate(
            total=Count("nominations"),
            pending=Count("nominations", filter=Q(nominations__status=S.PENDING)),
            approved=Count("nominations", filter=Q(nominations__status=S.APPROVED)),
            rejected=Count("nominations", filter=Q(nominations__status=S.REJECTED)),
            latest=Max("nominations__created_at"),
        )
        .order_by("-pending", "-latest")
    )


class NominationsIndexView(NamedPage, TemplateView):
    """Every nominated municipality: counts by status, the invitation, what followed."""

    template_name = "pbcert_wagtail/admin/nominations/index.html"
    page_title = gettext_lazy("Nominations")
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        require_permission(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        municipalities = list(nominated_municipalities())
        follow_ups = service.follow_ups(municipalities)
        rows = [(m, follow_ups[m.pk]) for m in municipalities]
        return {**super().get_context_data(**kwargs), "rows": rows}


class ApproveForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the invitation"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )


class MunicipalityNominationsView(WagtailAdminTemplateMixin, TemplateView):
    """One municipality's nominations: when, in which language, why; approve or reject."""

    template_name = "pbcert_wagtail/admin/nominations/municipality.html"
    header_icon = "pick"

    def dispatch(self, request, pk):
        require_permission(request.user)
        self.municipality = get_object_or_404(Municipality, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Nominations: %(municipality)s") % {"municipality": self.municipality}

    def get_breadcrumbs_items(self):
        listing = {"url": reverse("pbcert_nominations:index"), "label": _("Nominations")}
        return [*self.breadcrumbs_items, listing, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        nominations = self.municipality.nominations.select_related(
            "reviewed_by", "invitation__call"
        )
        return {
            **super().get_context_data(**kwargs),
            "municipality": self.municipality,
            "nominations": nominations,
            "follow_up": service.follow_ups([self.municipality])[self.municipality.pk],
            "invitations": self.municipality.invitations.select_related("call", "created_by"),
            "approve_form": ApproveForm(),
            "call": service.invitation_call(),
        }


def review_message(review):
    municipality = review.nomination.municipality
    values = {"municipality": municipality}
    if review.outcome == service.NO_ADDRESS:
        return messages.ERROR, _(
            "%(municipality)s has no official email on file, so nothing was sent and the "
            "nomination is still waiting. Add the official email in Municipalities, then approve it again."
        ) % values
    if review.outcome == service.NO_CALL:
        return messages.ERROR, _(
            "There is no open or coming call to invite %(municipality)s to: nothing was sent "
            "and the nomination is still waiting. Set the next call's dates first."
        ) % values
    if review.outcome == service.NOT_PENDING:
        return messages.WARNING, _("This nomination had already been reviewed.")
    if review.outcome == service.INVITED:
        return messages.SUCCESS, _(
            "Approved: %(municipality)s is invited to apply to %(call)s, at its official email %(address)s."
        ) % {**values, "call": review.invitation.call, "address": review.invitation.sent_to}
    if review.outcome == service.ALREADY_INVITED:
        return messages.SUCCESS, _(
            "Approved. %(municipality)s was already invited to %(call)s: no second invitation was sent."
        ) % {**values, "call": review.invitation.call}
    return messages.SUCCESS, _("Rejected: %(municipality)s is told nothing.") % values


def reviewing(action):
    @require_POST
    def view(request, pk):
        require_permission(request.user)
        nomination = get_object_or_404(Nomination, pk=pk)
        review = action(request, nomination)
        level, text = review_message(review)
        messages.add_message(request, level, text)
        return redirect("pbcert_nominations:municipality", nomination.municipality_id)

    return view


def _approve(request, nomination):
    form = ApproveForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else settings.LANGUAGE_CODE
    return service.approve(nomination, request.user, language)


approve = reviewing(_approve)
reject = reviewing(lambda request, nomination: service.reject(nomination, request.user))


class NominationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class NominationViewSet(ViewSet):
    """Certification → Nominations."""

    name = "pbcert_nominations"
    url_prefix = "pbcert/nominations"
    icon = "pick"
    menu_label = gettext_lazy("Nominations")
    menu_item_class = NominationsMenuItem

    def get_urlpatterns(self):
        return [
            path("", NominationsIndexView.as_view(), name="index"),
            path(
                "municipality/<int:pk>/", MunicipalityNominationsView.as_view(), name="municipality"
            ),
            path("approve/<int:pk>/", approve, name="approve"),
            path("reject/<int:pk>/", reject, name="reject"),
        ]


def nominations_next_actions(user, today):
    """For staff: the nominations waiting for review, named by municipality."""
    if not user.has_perm(PERMISSION):
        return []
    waiting = nominated_municipalities().filter(pending__gt=0)
    label = ngettext_lazy(
        "municipality nominated and waiting for review",
        "municipalities nominated and waiting for review",
        "count",
    )
    url = reverse("pbcert_nominations:index")

    def item(municipality):
        link = reverse("pbcert_nominations:municipality", args=[municipality.pk])
        note = ngettext_lazy("%(count)d nomination", "%(count)d nominations", municipality.pending)
        return Item(municipality.name, link, note=note % {"count": municipality.pending})

    return [listed("staff", label, waiting, url, item, order=86)]
