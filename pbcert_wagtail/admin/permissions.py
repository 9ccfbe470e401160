"""Permission policies for admin viewsets of records that staff must not create or delete."""

from wagtail.permission_policies.base import ModelPermissionPolicy


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
