"""Registration with Wagtail, and nothing else."""

from functools import partial

from django.apps import apps
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import people, workflow
from .admin import dashboard, questions, reviews
from .admin import people as people_admin
from .admin.applications import ApplicationViewSet
from .admin.certificates import CertificateViewSet, NoDeletePolicy, certificate_next_actions
from .admin.conference import HandoverConferenceViewSet, conference_next_actions
from .admin.editing import editor_next_actions
from .admin.faq import FAQViewSetGroup
from .admin.master_data import (
    CertificationCallViewSet,
    CriterionViewSet,
    MunicipalityViewSet,
    QuestionnaireDefinitionViewSet,
)
from .admin.monitoring import MonitoringViewSet, monitoring_next_actions
from .admin.nominations import NominationViewSet, nominations_next_actions
from .admin.outbox import OutboxViewSet, outbox_next_actions
from .admin.overview import consortium_next_actions, overview_panel_for, staff_next_actions
from .admin.permissions import NoAddNoDeletePolicy, ReadOnlyPolicy
from .admin.practitioners import ContactRequestViewSet, PractitionerViewSetGroup, hide_urls
from .certificates import monitoring, revocation
from .models import (
    Application,
    ApplicationFormPage,
    ApplicationLogEntry,
    Certificate,
    ConsortiumDecision,
    ContactRequest,
    ExpertReview,
    InformationRequest,
    OutboxMessage,
    ReviewAssignment,
)

register_permission_policy(Application, NoAddNoDeletePolicy(Application))
register_permission_policy(OutboxMessage, ReadOnlyPolicy(OutboxMessage))
register_permission_policy(Certificate, NoDeletePolicy(Certificate))
register_permission_policy(ContactRequest, ReadOnlyPolicy(ContactRequest))
register_snippet(PractitionerViewSetGroup)
for snippet_viewset in (FAQViewSetGroup, QuestionnaireDefinitionViewSet, CriterionViewSet):
    register_snippet(snippet_viewset)


@hooks.register("register_admin_viewset")
class CertificationViewSetGroup(ViewSetGroup):
    """The "Certification" menu: applications, certificates, conferences, monitoring, calls,
    municipalities, outbox."""

    menu_label = _("Certification")
    menu_icon = "form"
    menu_order = 150
    items = (
        ApplicationViewSet,
        CertificateViewSet,
        HandoverConferenceViewSet,
        MonitoringViewSet,
        CertificationCallViewSet,
        MunicipalityViewSet,
        OutboxViewSet,
        ContactRequestViewSet,
        NominationViewSet,
    )


class ApplicationLogFormatter(LogFormatter):
    """History shows the action (its label, as `message`) and the comment staff wrote with it."""

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("pbcert/reviews/", include((reviews.urlpatterns(), "pbcert_reviews")))]


@hooks.register("register_admin_urls")
def register_question_urls():
    return [path("pbcert/questions/", include((questions.urlpatterns(), "pbcert_questions")))]


hooks.register(
    "register_admin_menu_item",
    partial(questions.QuestionsMenuItem, icon_name="help", order=142),
)


@hooks.register("register_admin_urls")
def register_people_urls():
    return [path("pbcert/people/", include((people_admin.urlpatterns(), "pbcert_people")))]


class PermissionMenuItem(MenuItem):
    """A menu item shown to those who have `permission`."""

    def __init__(self, permission, label, url_name, **kwargs):
        super().__init__(label, reverse(url_name), **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


# Short labels: the sidebar cuts long ones.
for permission, label, url_name, icon, order in (
    ("pbcert.review_assigned", _("My reviews"), "pbcert_reviews:index", "tasks", 140),
    ("pbcert.record_decision", _("Consortium"), "pbcert_applications:consortium", "group", 145),
    ("pbcert.manage_people", _("People"), "pbcert_people:index", "user", 160),
):
    hooks.register(
        "register_admin_menu_item",
        partial(PermissionMenuItem, permission, label, url_name, icon_name=icon, order=order),
    )

if apps.is_installed("axes"):  # the site throttles the admin sign-in with django-axes
    from .admin import lockouts

    @hooks.register("register_admin_urls")
    def register_lockout_urls():
        return [path("pbcert/sign-ins/", include((lockouts.urlpatterns(), "pbcert_lockouts")))]

    hooks.register(
        "register_settings_menu_item",
        partial(
            PermissionMenuItem,
            lockouts.VIEW,
            _("Locked sign-ins"),
            "pbcert_lockouts:index",
            icon_name="lock",
            order=610,
        ),
    )


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("pbcert_wagtail/css/admin.css"))


@hooks.register("insert_global_admin_js")
def translate_localize_hard_coded_words():
    """wagtail-localize's translation editor writes a few words in English outside any
    catalogue; the script gives them these translations."""
    return format_html(
        '<script src="{}" data-more-actions="{}" data-section-title="{}"></script>',
        static("pbcert_wagtail/js/localize_untranslated.js"),
        _("More actions"),
        # Translators: the title above the segments of wagtail-localize's translation editor.
        _("%(source)s to %(target)s translation"),
    )


@hooks.register("construct_reports_menu")
def translations_report_for_translators(request, menu_items):
    """wagtail-localize shows its report of translations to everyone in the admin;
    experts and consortium members translate nothing, and its links lead them nowhere."""
    if not request.user.has_perm("wagtail_localize.submit_translation"):
        report = reverse("wagtail_localize:translations_report")
        menu_items[:] = [item for item in menu_items if item.url != report]


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    """Each person's next actions first, then where the current call stands (staff)."""
    for panel in (dashboard.next_actions_panel_for(request), overview_panel_for(request)):
        if panel is not None:
            panels.append(panel)
    panels.sort(key=lambda panel: panel.order)


# Each feature's "next actions" on the dashboard (admin/dashboard.py).
for next_actions in (
    staff_next_actions,
    outbox_next_actions,
    certificate_next_actions,
    conference_next_actions,
    monitoring_next_actions,
    reviews.expert_next_actions,
    consortium_next_actions,
    editor_next_actions,
    people_admin.people_next_actions,
    questions.question_next_actions,
    nominations_next_actions,
):
    hooks.register(dashboard.HOOK, next_actions)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    # An application's story is logged apart, readable only where the application is.
    for model in (
        Application,
        ReviewAssignment,
        ExpertReview,
        ConsortiumDecision,
        InformationRequest,
    ):
        actions.register_model(model, ApplicationLogEntry)
    logged = {
        **workflow.LOG_ACTIONS,
        revocation.LOG_ACTION: _("Certificate revoked"),
        **monitoring.LOG_ACTIONS,
        **people.LOG_ACTIONS,
    }
    for action, label in logged.items():
        name = f"LogFormatter_{action.replace('.', '_')}"
        formatter = type(name, (ApplicationLogFormatter,), {"label": label, "message": label})
        actions.register_action(action)(formatter)


@hooks.register("filter_form_submissions_for_user")
def hide_application_forms_from_forms_menu(user, editable_forms):
    """Applications live in their own model, seen in Certification → Applications."""
    return editable_forms.exclude(content_type__model=ApplicationFormPage._meta.model_name)


@hooks.register("register_admin_urls")
def practitioner_urls():
    """ "Hide now" on a practitioner (admin/practitioners.py)."""
    return hide_urls
