"""The People screen, for programme staff: the programme's experts, consortium members and
staff with their state, inviting a person by email, sending the invitation again, and
deactivating or reactivating a person. Who may do what, and the work, are in people.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from .. import people, permissions
from ..roles import person_label
from .dashboard import Item, listed
from .people_forms import InviteForm


def people_url():
    return reverse("pbcert_people:index")


def person_url(person):
    return reverse("pbcert_people:person", args=[person.pk])


class PeoplePage(WagtailAdminTemplateMixin):
    """A page of the People screen: only for those who manage people (staff, superusers)."""

    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.may_manage_people(request.user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        """Read what the page is about (once the user may see it)."""

    def trail(self):
        """The breadcrumbs after "People"."""
        return []

    def get_breadcrumbs_items(self):
        items = [{"url": people_url(), "label": _("People")}, *self.trail()]
        items[-1] = {**items[-1], "url": ""}  # the page itself
        return self.breadcrumbs_items + items


class PeopleIndexView(PeoplePage, TemplateView):
    """Everyone of the programme, by role and state: "Full name (username)", email, roles,
    active, deactivated or invited without a password yet, last sign-in; a page each."""

    template_name = "pbcert_wagtail/admin/people/index.html"
    page_title = gettext_lazy("People")

    @property
    def header_buttons(self):
        url = reverse("pbcert_people:invite")
        return [HeaderButton(_("Invite a person"), url, icon_name="plus")]

    def get_context_data(self, **kwargs):
        role, state = self.request.GET.get("role", ""), self.request.GET.get("state", "")
        found = people.programme_people().prefetch_related("groups")
        found = found.select_related("pbcert_invitation")
        if role in people.ROLES:
            found = found.filter(groups__name=people.ROLES[role].group)
        now = timezone.now()
        rows = []
        for person in found.order_by("last_name", "first_name", "username"):
            key = people.state_of(person, now)
            if state in people.STATES and key != state:
                continue
            rows.append(
                {
                    "person": person,
                    "label": person_label(person),
                    "roles": people.role_labels(person),
                    "state": key,
                    "state_label": people.STATES[key],
                }
            )
        return super().get_context_data(
            **kwargs,
            rows=rows,
            roles=people.ROLES.values(),
            states=people.STATES.items(),
            role=role,
            state=state,
            filtered=bool(role or state),
        )


class InviteView(PeoplePage, FormView):
    """Invite a person by email: their account is made without a password, in their role's
    group, and the invitation with its link goes to them."""

    template_name = "pbcert_wagtail/admin/people/invite.html"
    page_title = gettext_lazy("Invite a person")
    form_class = InviteForm

    def trail(self):
        return [{"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            invitation = people.invite(
                data["email"],
                data["first_name"],
                data["last_name"],
                data["role"],
                data["language"],
                by=self.request.user,
            )
        except people.EmailTaken as error:  # made by someone else meanwhile
            form.add_error("email", str(error))
            return self.form_invalid(form)
        except people.PersonError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        person = invitation.user
        text = _(
            "%(person)s is invited: the invitation is on its way to %(email)s. Until they "
            "choose a password, they are listed as invited."
        )
        messages.success(
            self.request, text % {"person": person_label(person), "email": person.email}
        )
        return redirect(person_url(person))


class PersonPage(PeoplePage):
    """A page about one person of the programme (404 for anyone else's account)."""

    label = ""  # the action's, on an action's page

    def load(self, pk, **kwargs):
        found = people.programme_people().prefetch_related("groups")
        self.person = get_object_or_404(found, pk=pk)
        self.refused = people.refusal(self.request.user, self.person)

    def get_page_title(self):
        title = person_label(self.person)
        return f"{self.label} · {title}" if self.label else title

    def trail(self):
        items = [{"url": person_url(self.person), "label": person_label(self.person)}]
        return items + ([{"url": "", "label": self.label}] if self.label else [])

    def open_work(self):
        """The person's open assignments that this user may see, and how many others."""
        work = people.open_assignments(self.person)
        visible = permissions.visible_applications(self.request.user).values("pk")
        shown = list(work.filter(application__in=visible))
        return shown, work.count() - len(shown)

    def get_context_data(self, **kwargs):
        invitation = people.invitation_of(self.person)
        assignments, hidden = self.open_work()
        state = people.state_of(self.person)
        return super().get_context_data(
            **kwargs,
            person=self.person,
            label=person_label(self.person),
            roles=people.role_labels(self.person),
            state=state,
            state_label=people.STATES[state],
            invitation=invitation,
            link_expires=people.link_expires(invitation),
            refused=self.refused,
            may_invite=not self.refused and people.awaiting_password(self.person),
            assignments=assignments,
            hidden_assignments=hidden,
        )


class PersonView(PersonPage, TemplateView):
    """One person: their roles, state, invitation, open assignments, and the actions."""

    template_name = "pbcert_wagtail/admin/people/person.html"


class DeactivateView(PersonPage, TemplateView):
    """Deactivate a person, after a warning of the assignments they still have (these stay:
    staff reassign them). They can no longer sign in."""

    template_name = "pbcert_wagtail/admin/people/deactivate.html"
    label = gettext_lazy("Deactivate")

    def post(self, request, *args, **kwargs):
        if self.refused:
            messages.error(request, self.refused)
            return redirect(person_url(self.person))
        label = person_label(self.person)
        if not people.set_active(self.person, False, request.user):
            messages.info(request, _("%(person)s was already deactivated.") % {"person": label})
            return redirect(person_url(self.person))
        text = _("%(person)s is deactivated and can no longer sign in.") % {"person": label}
        count = people.open_assignments(self.person).count()
        if count:
            text += " " + ngettext(
                "Their %(count)d open assignment stays: reassign it from its application.",
                "Their %(count)d open assignments stay: reassign them from their applications.",
                count,
            ) % {"count": count}
            messages.warning(request, text)
        else:
            messages.success(request, text)
        return redirect(person_url(self.person))


class ReactivateView(PersonPage, View):
    """Let a deactivated person sign in again (a button on their page)."""

    def post(self, request, *args, **kwargs):
        if self.refused:
            messages.error(request, self.refused)
            return redirect(person_url(self.person))
        label = person_label(self.person)
        if people.set_active(self.person, True, request.user):
            messages.success(request, _("%(person)s can sign in again.") % {"person": label})
        else:
            messages.info(request, _("%(person)s was already active.") % {"person": label})
        return redirect(person_url(self.person))


class InviteAgainView(PersonPage, View):
    """Send the invitation again, with a new link (the earlier links stop working); a
    double click sends one."""

    def post(self, request, *args, **kwargs):
        person = self.person
        if self.refused:
            messages.error(request, self.refused)
        elif not people.awaiting_password(person):
            text = _(
                "%(person)s has already chosen a password or is deactivated: nothing was sent."
            )
            messages.info(request, text % {"person": person_label(person)})
        elif people.invite_again(person, request.user) is None:
            text = _(
                "An invitation went to %(email)s less than a minute ago: nothing more was sent."
            )
            messages.info(request, text % {"email": person.email})
        else:
            text = _("The invitation is on its way to %(email)s again, with a new link.")
            messages.success(request, text % {"email": person.email})
        return redirect(person_url(person))


def urlpatterns():
    return [
        path("", PeopleIndexView.as_view(), name="index"),
        path("invite/", InviteView.as_view(), name="invite"),
        path("<int:pk>/", PersonView.as_view(), name="person"),
        path("<int:pk>/invite-again/", InviteAgainView.as_view(), name="invite_again"),
        path("<int:pk>/deactivate/", DeactivateView.as_view(), name="deactivate"),
        path("<int:pk>/reactivate/", ReactivateView.as_view(), name="reactivate"),
    ]


def people_next_actions(user, today):
    """For those who manage people: invitations whose link expired unused, to send again."""
    if not permissions.may_manage_people(user):
        return []
    expired = people.expired_invitations().select_related("user").order_by("last_sent_at", "pk")
    url = people_url() + "?state=expired"
    label = ngettext_lazy(
        "invitation expired unused: send it again",
        "invitations expired unused: send them again",
        "count",
    )
    return [
        listed("staff", label, expired, url, lambda i: Item(person_label(i.user), person_url(i.user)),
               order=97)
    ]  # fmt: skip
