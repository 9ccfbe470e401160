"""The applications listing in the admin: filters, index, edit and history views, the viewset."""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from ... import permissions, workflow
from ...models import Application, Region
from ..columns import BadgeColumn
from ..overview import ConsortiumView, overdue_questionnaires
from ..permissions import OnlyVisible, only_visible


def review_url(application):
    return reverse("pbcert_applications:review", args=[application.pk])


class ApplicationFilterSet(WagtailFilterSet):
    region = django_filters.ChoiceFilter(
        field_name="municipality__region", choices=Region.choices, label=_("region")
    )
    questionnaire_state = django_filters.ChoiceFilter(
        label=_("questionnaire"),
        choices=[
            ("draft", _("being filled in")),
            ("submitted", _("submitted")),
            ("overdue", _("overdue")),
        ],
        method="filter_questionnaire_state",
    )

    class Meta:
        model = Application
        fields = ["call", "status", "language", "region", "municipality", "questionnaire_state"]

    def filter_questionnaire_state(self, queryset, name, value):
        if value == "draft":
            return queryset.filter(status="questionnaire")
        if value == "submitted":
            return queryset.filter(questionnaire__submitted_at__isnull=False)
        return overdue_questionnaires(queryset)


class ApplicationIndexView(generic.IndexView):
    def get_base_queryset(self):
        visible = permissions.visible_applications(self.request.user)
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=visible.values("pk"))
            .select_related("municipality", "call")
        )

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """Wagtail's own `?export=` goes to our exporter, like the buttons below."""
        from .exports import export_applications

        return export_applications(self.request)

    def get_header_buttons(self):
        exports = [(_("Export CSV"), "export", "csv"), (_("Export XLSX"), "export", "xlsx")]
        if self.request.user.has_perm("pbcert.view_expertreview"):
            exports.append((_("Export reviews"), "export_reviews", "xlsx"))
        query = self.request.GET.urlencode()
        return super().get_header_buttons() + [
            HeaderButton(
                label,
                f"{reverse(f'pbcert_applications:{name}')}?format={kind}&{query}",
                icon_name="download",
            )
            for label, name, kind in exports
        ]


class ApplicationEditView(OnlyVisible, generic.EditView):
    """Staff may correct only the contact email; the old address is told."""

    def dispatch(self, request, *args, **kwargs):
        from ...retention import is_removed

        application = self.get_object()
        if is_removed(application):
            messages.error(request, _("This application's personal data was removed."))
            return redirect(review_url(application))
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        new_email = self.form.cleaned_data["contact_email"]
        application = Application.objects.get(pk=self.object.pk)
        if new_email.lower() != application.contact_email.lower():
            workflow.change_contact_email(application, new_email, user=self.request.user)
        return Application.objects.get(pk=self.object.pk)

    def get_success_url(self):
        return review_url(self.object)


class ApplicationHistoryView(OnlyVisible, generic.HistoryView):
    """History of an application: every transition with its actor, time and comment."""

    @cached_property
    def columns(self):
        columns = super().columns
        # The action column shows the comment staff wrote under each action.
        columns[0].cell_template_name = "wagtailadmin/generic/history/action_cell.html"
        return columns


class ApplicationViewSet(ModelViewSet):
    """Applications of every call; staff open one to review and confirm it."""

    model = Application
    name = "pbcert_applications"
    icon = "form"
    menu_label = _("Applications")
    add_to_admin_menu = False
    list_display = [
        TitleColumn("reference", label=_("reference number"), get_url=review_url),
        Column("municipality", label=_("municipality")),
        Column("status", label=_("status"), accessor="get_status_display"),
        BadgeColumn(
            "renews",
            _("renewal"),
            lambda application: application.renews_id,
            label=_("Renewal"),
        ),
        "call",
        "contact_email",
        "language",
        "created_at",
    ]
    filterset_class = ApplicationFilterSet
    search_fields = ["reference", "contact_email", "municipality__name_ka", "municipality__name_en"]
    search_backend_name = None
    form_fields = ["contact_email"]
    copy_view_enabled = False
    index_view_class = ApplicationIndexView
    edit_view_class = ApplicationEditView
    history_view_class = ApplicationHistoryView
    usage_view_class = only_visible(UsageView)
    inspect_view_class = only_visible(generic.InspectView)
    delete_view_class = only_visible(generic.DeleteView)
    ordering = ["-created_at"]

    def get_urlpatterns(self):
        # Imported here: these modules import review_url and the filters from this one.
        from . import actions
        from .exports import attachment_for_staff, export_applications, export_reviews
        from .publish import PublishResultsView
        from .screen import ApplicationReviewView

        return (
            super().get_urlpatterns()
            + actions.urlpatterns()
            + [
                path("review/<int:pk>/", ApplicationReviewView.as_view(), name="review"),
                path("file/<int:pk>/", attachment_for_staff, name="attachment"),
                path("export/", export_applications, name="export"),
                path("export-reviews/", export_reviews, name="export_reviews"),
                path("publish/<int:pk>/", PublishResultsView.as_view(), name="publish"),
                path("consortium/", ConsortiumView.as_view(), name="consortium"),
            ]
        )
