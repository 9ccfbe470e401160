"""Admin for municipalities and calls."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import CertificationCall, Criterion, Municipality, QuestionnaireDefinition
from ..models.calls import DATE_FIELDS
from .columns import YesNoColumn


class MunicipalityViewSet(ModelViewSet):
    """Staff keep the list of municipalities (names, region, active)."""

    model = Municipality
    icon = "site"
    menu_label = _("Municipalities")
    add_to_admin_menu = False
    list_display = [
        "name_ka",
        "name_en",
        "kind",
        "region",
        YesNoColumn("active", label=Municipality._meta.get_field("active").verbose_name),
    ]
    list_filter = ["region", "kind", "active"]
    search_fields = ["name_ka", "name_en", "code"]
    search_backend_name = None
    form_fields = ["name_ka", "name_en", "code", "kind", "region", "official_email", "active"]
    copy_view_enabled = False


class CallEditView(generic.EditView):
    """A call's screen, with its results' publication one click away."""

    def get_header_buttons(self):
        url = reverse("pbcert_applications:publish", args=[self.object.pk])
        return [
            *super().get_header_buttons(),
            HeaderButton(_("Publish the results…"), url, icon_name="mail"),
        ]


class CertificationCallViewSet(ModelViewSet):
    """Staff open a call each year; the model's clean() checks the dates."""

    model = CertificationCall
    icon = "date"
    menu_label = _("Calls")
    add_to_admin_menu = False
    list_display = [
        "__str__",
        *DATE_FIELDS,
        TitleColumn(
            "results",
            label=_("Results"),
            accessor=lambda call: _("Publish the results…"),
            get_url=lambda call: reverse("pbcert_applications:publish", args=[call.pk]),
        ),
    ]
    form_fields = ["year", *DATE_FIELDS, "note", "note_en"]
    copy_view_enabled = False
    edit_view_class = CallEditView

    def get_edit_view_kwargs(self, **kwargs):
        """The call's screen also holds its instruction emails (a new call gets the default
        series when it is created, so they are edited here, not on the add form)."""
        panel = ObjectList(
            [
                *[FieldPanel(name) for name in self.get_form_fields()],
                InlinePanel(
                    "instruction_emails",
                    heading=_("Instruction emails after confirmation"),
                    label=_("Instruction email"),
                    help_text=_(
                        "Sent to each confirmed applicant once, in the language they applied in, until the questionnaire is submitted."
                    ),
                ),
            ]
        ).bind_to_model(self.model)
        return super().get_edit_view_kwargs(
            panel=panel, form_class=panel.get_form_class(), **kwargs
        )


class QuestionnaireDefinitionViewSet(SnippetViewSet):
    """Editors define each year's questionnaire; translators translate it with wagtail-localize."""

    model = QuestionnaireDefinition
    icon = "form"
    menu_label = _("Questionnaires")
    list_display = ["name", "locale"]


class CriterionViewSet(SnippetViewSet):
    """Assessment criteria; a call freezes the ones it is judged by."""

    model = Criterion
    icon = "success"
    menu_label = _("Criteria")
    list_display = ["name", "code", "stage", "weight", "scale_max", "locale"]
    list_filter = ["stage"]
