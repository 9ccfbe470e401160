"""Admin for the practitioner directory: practitioners and topics (snippets), "hide at
once", and the contact requests staff see for abuse handling — who wrote to whom and when,
never the message unless the practitioner reported it."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..community import relay
from ..models import ContactRequest, Practitioner, PractitionerTopic
from .columns import YesNoColumn
from .inspect import InspectInWords

SEE_EMAIL = "pbcert.see_practitioner_email"
HIDE = "pbcert.change_practitioner"


class PractitionerTopicViewSet(SnippetViewSet):
    """Topics the directory filters by."""

    model = PractitionerTopic
    icon = "tag"
    list_display = ["name", "order", "locale"]
    panels = [FieldPanel("name"), FieldPanel("order")]


class PractitionerEditView(SnippetViewSet.edit_view_class):
    """The edit screen, with "Hide now" for who may change practitioners."""

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if self.request.user.has_perm(HIDE) and not self.object.hidden:
            url = reverse("pbcert_practitioner_hide", args=[self.object.pk])
            buttons.append(
                HeaderButton(
                    _("Hide now"),
                    url=url,
                    icon_name="view",
                    attrs={"data-controller": "w-action", "data-action": "w-action#post"},
                )
            )
        return buttons


class PractitionerViewSet(SnippetViewSet):
    """People in the directory. Their email is for the relay only, shown to staff alone."""

    model = Practitioner
    icon = "group"
    edit_view_class = PractitionerEditView
    list_display = [
        "name",
        "kind",
        "region",
        YesNoColumn("accepts_contact", label=_("accepts messages")),
        YesNoColumn("hidden", label=_("hidden")),
        "locale",
    ]
    list_filter = ["kind", "region", "hidden", "accepts_contact"]
    search_fields = ["name", "organisation"]
    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("cohort_year"), FieldPanel("municipality")],
            heading=_("Who they are"),
        ),
        FieldPanel("organisation"),
        FieldPanel("region"),
        FieldPanel("topics"),
        FieldPanel("languages"),
        FieldPanel("bio"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading=_("Photo")),
        MultiFieldPanel(
            [
                FieldPanel("consent_date"),
                FieldPanel("consent_recorded_by"),
                FieldPanel("accepts_contact"),
                FieldPanel("email", permission=SEE_EMAIL),
            ],
            heading=_("Consent and contact"),
        ),
        FieldPanel("hidden"),
    ]


@require_POST
@permission_required(HIDE, raise_exception=True)
def hide_view(request, pk):
    """Staff hide a practitioner at once, in every language."""
    practitioner = get_object_or_404(Practitioner, pk=pk)
    relay.hide(practitioner)
    messages.success(
        request, _("Hidden: %(name)s is no longer shown anywhere.") % {"name": practitioner}
    )
    return redirect(reverse("wagtailsnippets_pbcert_practitioner:edit", args=[pk]))


class PractitionerViewSetGroup(SnippetViewSetGroup):
    """The Practitioners menu: people and topics."""

    items = (PractitionerViewSet, PractitionerTopicViewSet)
    menu_icon = "group"
    menu_label = _("Practitioners")
    menu_name = "pbcert-practitioners"


class MessageColumn(Column):
    """The message, only once the practitioner reported it."""

    def get_value(self, instance):
        if instance.reported_at:
            return instance.message[:300]
        return _("(private unless reported)")


class ContactRequestInspectView(InspectInWords):
    """A contact request's facts in words; the sender and message only once reported."""

    def get_fields(self):
        fields = [
            "practitioner",
            "created_at",
            "state",
            "confirmed_at",
            "relayed_at",
            "reported_at",
            "sender_network",
        ]
        found = getattr(self, "object", None) or self.get_object()
        if found.reported_at:
            fields += ["name", "email", "message"]
        return fields


class ContactRequestViewSet(ModelViewSet):
    """Visitors' messages to practitioners, for abuse handling: who wrote to whom and when;
    the sender and the message only once the practitioner reported it."""

    model = ContactRequest
    name = "pbcert_contact_requests"
    icon = "mail"
    menu_label = _("Contact requests")
    add_to_admin_menu = False
    list_display = [
        "practitioner",
        "created_at",
        "state",
        "reported_at",
        MessageColumn("message", label=_("message")),
    ]
    list_filter = ["state", "language"]
    search_fields = None
    inspect_view_enabled = True
    inspect_view_class = ContactRequestInspectView
    copy_view_enabled = False
    form_fields = ["state"]


hide_urls = [path("practitioners/hide/<int:pk>/", hide_view, name="pbcert_practitioner_hide")]
