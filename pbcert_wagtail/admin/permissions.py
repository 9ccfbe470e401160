"""Permission policies for admin viewsets, and the access rule on Wagtail's generic views."""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies.base import ModelPermissionPolicy

from .. import permissions


class NoAddNoDeletePolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody adds or deletes through the admin."""

    blocked = ("add", "delete")

    def user_has_permission(self, user, action):
        if action in self.blocked:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReadOnlyPolicy(NoAddNoDeletePolicy):
    """Only viewing (the outbox: rows are written by the system)."""

    blocked = ("add", "delete", "change")


class OnlyVisible:
    """Wagtail's generic views (edit, inspect, history, usage, delete) find the object by
    its key with model permissions only: this applies the access rule to the object too."""

    def get_object(self, *args, **kwargs):
        found = super().get_object(*args, **kwargs)
        if not self.may_see(self.request.user, found):
            raise PermissionDenied
        return found

    @staticmethod
    def may_see(user, application):
        return permissions.may_see_application(user, application)


def only_visible(view_class, **attrs):
    """`view_class` with the access rule on its object."""
    return type(view_class.__name__, (OnlyVisible, view_class), attrs)
