"""Admin for the email outbox: what went to whom, and retrying failures."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from .. import permissions
from ..models import OutboxMessage, OutboxStatus
from ..models.outbox import FIXED_RECIPIENT_EVENTS, VISITOR_EVENTS
from ..tasks import retry_now
from .dashboard import NextAction
from .inspect import InspectInWords
from .permissions import only_visible

RETRY = "pbcert.change_outboxmessage"  # who may send failed emails again


def visible_emails(user):
    """Emails about applications this user may see, and those about none (subscribers)."""
    visible = permissions.visible_applications(user).values("pk")
    return OutboxMessage.objects.filter(Q(application=None) | Q(application__in=visible))


def may_see_email(user, message):
    return message.application_id is None or permissions.may_see_application(
        user, message.application
    )


def may_retype(user, message):
    """Staff correct a mistyped address, never one the site chose (an official address, a
    visitor's confirmed one)."""
    return may_see_email(user, message) and message.event not in FIXED_RECIPIENT_EVENTS


class OutboxIndexView(generic.IndexView):
    """The outbox list (and its search), with "Retry all failed" for those who may."""

    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=visible_emails(self.request.user))

    def search_queryset(self, queryset):
        """A search by address never finds a visitor's email (it would tell the address)."""
        found = super().search_queryset(queryset)
        if not self.search_query:
            return found
        by_subject = Q(subject__icontains=self.search_query) | Q(event__icontains=self.search_query)
        return found.filter(by_subject | ~Q(event__in=VISITOR_EVENTS))

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if self.request.user.has_perm(RETRY):
            buttons.append(
                HeaderButton(
                    _("Retry all failed"),
                    url=reverse("pbcert_outbox:retry_failed"),
                    icon_name="rotate",
                    attrs={"data-controller": "w-action", "data-action": "w-action#post"},
                )
            )
        return buttons


class OutboxInspectView(InspectInWords):
    """One email's facts in words."""


class OutboxViewSet(ModelViewSet):
    """Every email the system wrote: staff filter by status, event and recipient, and retry."""

    model = OutboxMessage
    name = "pbcert_outbox"
    icon = "mail"
    menu_label = _("Outbox")
    add_to_admin_menu = False
    list_display = [
        "subject", "recipient_for_staff", "event", "status", "attempts", "created_at", "sent_at"
    ]  # fmt: skip
    list_filter = ["status", "event", "language"]
    search_fields = ["recipient", "subject", "event"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = OutboxIndexView
    inspect_view_class = only_visible(OutboxInspectView, may_see=staticmethod(may_see_email))
    edit_view_class = only_visible(generic.EditView, may_see=staticmethod(may_retype))
    inspect_template_name = "pbcert_wagtail/admin/outbox_inspect.html"  # with "Retry now"
    # The body is shown with private links masked (body_for_staff), never raw.
    inspect_view_fields = (
        "status event recipient_for_staff language subject attempts created_at next_attempt_at"
        " sent_at"
        " last_error message_id body_for_staff"
    ).split()
    form_fields = ["recipient"]

    def get_urlpatterns(self):
        def retry(view):
            return require_POST(permission_required(RETRY, raise_exception=True)(view))

        return super().get_urlpatterns() + [
            path("retry/<int:pk>/", retry(self.retry_view), name="retry"),
            path("retry-failed/", retry(self.retry_failed_view), name="retry_failed"),
        ]

    def retry_view(self, request, pk):
        """Staff send one failed email again."""
        message = get_object_or_404(visible_emails(request.user), pk=pk)
        if retry_now([message.pk]):
            messages.success(request, _("The email is queued again."))
        else:
            messages.warning(request, _("Only failed emails can be retried."))
        return redirect("pbcert_outbox:inspect", pk)

    def retry_failed_view(self, request):
        """Staff send every failed email again."""
        failed = visible_emails(request.user).filter(
            status__in=[OutboxStatus.FAILED, OutboxStatus.RETRY]
        )
        count = retry_now(list(failed.values_list("pk", flat=True)))
        messages.success(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count)
            % {"count": count},
        )
        return redirect("pbcert_outbox:index")


def outbox_next_actions(user, today):
    """Emails the outbox gave up on, for those who may read the outbox."""
    if not user.has_perm("pbcert.view_outboxmessage"):
        return []
    undelivered = visible_emails(user).filter(status=OutboxStatus.FAILED)
    url = reverse("pbcert_outbox:index") + "?status=failed"
    label = ngettext_lazy(
        "email that could not be delivered", "emails that could not be delivered", "count"
    )
    return [NextAction("staff", label, undelivered.count(), url, order=87, late=True)]
