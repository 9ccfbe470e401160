"""The programme's people: staff invite experts, consortium members (and, if they may,
colleagues on staff) by email — an account without a usable password, its role's group,
and a link to choose a password (Django's password-reset token, valid for
PASSWORD_RESET_TIMEOUT) — send the invitation again, and deactivate or reactivate them.
The screens are admin/people.py; the page the link opens is views/invitation.py."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.users.models import UserProfile

from . import notifications, permissions, roles
from .models import ApplicationStatus, Invitation, ReviewAssignment


@dataclass(frozen=True)
class Role:
    key: str
    group: str
    label: str


ROLES = {
    role.key: role
    for role in (
        Role("expert", roles.EXPERTS, gettext_lazy("Expert")),
        Role("consortium", roles.CONSORTIUM, gettext_lazy("Consortium member")),
        Role("staff", roles.STAFF, gettext_lazy("Programme staff")),
    )
}

# A second invitation to the same person within this pause is a double click: not sent.
RESEND_PAUSE = datetime.timedelta(minutes=1)

LOG_ACTIONS = {
    "pbcert.person.invited": gettext_lazy("Person invited"),
    "pbcert.person.invitation_sent": gettext_lazy("Invitation sent again"),
    "pbcert.person.password_chosen": gettext_lazy("Password chosen through the invitation"),
    "pbcert.person.deactivated": gettext_lazy("Person deactivated"),
    "pbcert.person.reactivated": gettext_lazy("Person reactivated"),
}

# The application is over: an assignment to it is no longer work to do (monitoring
# assignments come after the decision, and count while they stand).
FINISHED = (
    ApplicationStatus.DECIDED,
    ApplicationStatus.DECLINED,
    ApplicationStatus.INELIGIBLE,
    ApplicationStatus.WITHDRAWN,
)


class PersonError(Exception):
    """A refusal, in words for staff."""


class EmailTaken(PersonError):
    """The email is already an account's (compared without regard to case)."""

    def __init__(self, account):
        self.account = account
        super().__init__(
            _("This email already belongs to an account: %(person)s.")
            % {"person": roles.person_label(account)}
        )


# -- who is who ---------------------------------------------------------------------------


def programme_people():
    """Everyone in a role's group, and everyone invited here (even if a role was taken away)."""
    groups = [role.group for role in ROLES.values()]
    users = get_user_model().objects
    ids = users.filter(Q(groups__name__in=groups) | Q(pbcert_invitation__isnull=False))
    return users.filter(pk__in=ids.values("pk"))


def roles_of(user):
    """The keys of the roles whose groups the user is in ("expert", "consortium", "staff")."""
    names = {group.name for group in user.groups.all()}
    return [role.key for role in ROLES.values() if role.group in names]


def role_labels(user):
    return [ROLES[key].label for key in roles_of(user)]


def invitation_of(user):
    try:
        return user.pbcert_invitation
    except Invitation.DoesNotExist:
        return None


def link_expires(invitation):
    """When the link of the latest invitation stops working (None if none was sent)."""
    if invitation is None or invitation.last_sent_at is None:
        return None
    return invitation.last_sent_at + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


STATES = {
    "active": gettext_lazy("active"),
    "invited": gettext_lazy("invited, no password yet"),
    "expired": gettext_lazy("invitation expired"),
    "inactive": gettext_lazy("deactivated"),
}


def expired_invitations(now=None):
    """Invitations of active people who have not chosen a password, whose link expired."""
    sent_before = (now or timezone.now()) - datetime.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT
    )
    return Invitation.objects.filter(
        accepted_at__isnull=True,
        user__is_active=True,
        user__password__startswith=UNUSABLE_PASSWORD_PREFIX,  # none chosen another way
        last_sent_at__lte=sent_before,
    )


def state_of(user, now=None):
    """ "inactive" (deactivated), "invited" (no password chosen yet), "expired" (the
    invitation's link no longer works) or "active"."""
    if not user.is_active:
        return "inactive"
    if user.has_usable_password():
        return "active"
    expires = link_expires(invitation_of(user))
    return "expired" if expires and expires <= (now or timezone.now()) else "invited"


def awaiting_password(user):
    """Invited (or made without a password) and not signed up yet: an invitation may go."""
    return user.is_active and not user.has_usable_password()


def account_with_email(email):
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def open_assignments(person):
    """The person's assignments that still stand and still need their work: staff are
    warned of them before deactivating the person (the assignments are not withdrawn)."""
    mine = ReviewAssignment.objects.active().filter(expert=person)
    mine = mine.exclude(review__submitted_at__isnull=False)
    mine = mine.filter(Q(purpose="monitoring") | ~Q(application__status__in=FINISHED))
    return mine.select_related("application__municipality").order_by("due_date", "pk")


def refusal(actor, person):
    """Why `actor` may not invite again, deactivate or reactivate `person` (or None): not
    themselves, never a superuser, programme staff only if they may invite staff."""
    if person.pk == actor.pk:
        return _("You cannot change your own account here.")
    if person.is_superuser:
        return _("An administrator's account cannot be changed here.")
    if "staff" in roles_of(person) and not permissions.may_invite_staff(actor):
        return _("Only an administrator can change the account of programme staff.")
    return None


def roles_for(actor):
    """The roles `actor` may invite people to."""
    keys = ["expert", "consortium"]
    if permissions.may_invite_staff(actor):
        keys.append("staff")
    return [ROLES[key] for key in keys]


# -- inviting ------------------------------------------------------------------------------

USERNAME_JUNK = re.compile(r"[^a-z0-9._-]+")


def free_username(email):
    """The email's local part, in lower-case ASCII letters, digits and . _ -, with a number
    added when another account has it ("nino", "nino2"…)."""
    base = USERNAME_JUNK.sub("", email.split("@", 1)[0].lower()).strip("._-")[:30] or "person"
    users = get_user_model().objects.filter(username__istartswith=base)
    taken = {name.lower() for name in users.values_list("username", flat=True)}
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def _new_account(email, first_name, last_name):
    """A user without a usable password. Two invitations of one email at once: the second
    finds the username taken, then the email (EmailTaken)."""
    users = get_user_model().objects
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return users.create_user(
                    free_username(email),
                    email=email,
                    first_name=first_name,
                    last_name=last_name,
                )
        except IntegrityError:
            if existing := account_with_email(email):
                raise EmailTaken(existing) from None
    raise PersonError(_("No free username was found for this email. Please try again."))


def invite(email, first_name, last_name, role, language, by):
    """Make the account in `role`'s group, with `language` as its admin language, and
    email the invitation. Returns the Invitation; raises EmailTaken."""
    email = email.strip()
    group = Group.objects.get(name=ROLES[role].group)
    with transaction.atomic():
        if existing := account_with_email(email):
            raise EmailTaken(existing)
        user = _new_account(email, first_name.strip(), last_name.strip())
        user.groups.add(group)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
        invitation = Invitation.objects.create(user=user, invited_by=by, language=language)
        log(user, "pbcert.person.invited", user=by, data={"role": role, "language": language})
        send_invitation(invitation)
    return invitation


def invitation_link(user, language):
    """The address that lets `user` choose a password: a one-time token (it stops working
    once the password changes, or after PASSWORD_RESET_TIMEOUT), in `language`'s URLs."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(language):
        path = reverse("pbcert:accept_invitation", kwargs={"uidb64": uidb64, "token": token})
    return notifications.site_url() + path


def send_invitation(invitation, now=None):
    """Email the invitation (again): the newest link works, earlier ones stop. Not sent
    (None) when one went less than RESEND_PAUSE ago — a double click. The invitation's row
    is locked meanwhile, and the outbox's send-once key (the invitation and the number of
    this sending) holds where the lock does not: two requests at once send one email."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))  # PostgreSQL: not the joins
            .select_related("user", "invited_by")
            .get(pk=invitation.pk)
        )
        if invitation.last_sent_at and now - invitation.last_sent_at < RESEND_PAUSE:
            return None
        # Read again under lock: a password chosen meanwhile must not be undone.
        user = get_user_model().objects.select_for_update().get(pk=invitation.user_id)
        if user.has_usable_password() or not user.is_active:
            return None
        if invitation.times_sent:
            user.set_unusable_password()  # a new random one: the links sent before stop
            user.save(update_fields=["password"])
        message = notifications.person_invited(
            invitation,
            invitation_link(user, invitation.language),
            now + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
            role_labels(user),
            dedupe_key=f"person_invited:{invitation.pk}:{invitation.times_sent + 1}",
        )
        if message is None:
            transaction.set_rollback(True)
            return None
        Invitation.objects.filter(pk=invitation.pk).update(
            last_sent_at=now, times_sent=F("times_sent") + 1
        )
    return message


def invite_again(person, by):
    """Send `person` (still without a password) an invitation; one is made for an account
    that had none (made elsewhere without a password). The OutboxMessage, or None."""
    invitation = invitation_of(person)
    if invitation is None:
        language = UserProfile.get_for_user(person).get_preferred_language()[:2]
        language = notifications.language_of(language)
        invitation, _created = Invitation.objects.get_or_create(
            user=person, defaults={"invited_by": by, "language": language}
        )
    with transaction.atomic():
        message = send_invitation(invitation)
        if message is not None:
            log(person, "pbcert.person.invitation_sent", user=by)
    return message


def password_chosen(user):
    """The invited person chose their password through the link."""
    Invitation.objects.filter(user=user, accepted_at=None).update(accepted_at=timezone.now())
    log(user, "pbcert.person.password_chosen", user=user)


# -- deactivating --------------------------------------------------------------------------


def set_active(person, active, by):
    """Deactivate (they can no longer sign in, their sessions end) or reactivate; their
    assignments stay as they are. False when it already was so."""
    users = get_user_model().objects
    with transaction.atomic():
        changed = users.filter(pk=person.pk, is_active=not active).update(is_active=active)
        if changed:
            person.is_active = active
            action = "pbcert.person.reactivated" if active else "pbcert.person.deactivated"
            log(person, action, user=by)
    return bool(changed)
