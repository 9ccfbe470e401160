"""The admin home as each person's dashboard: what to do next, gathered from providers.

A provider is a function `(user, today) -> iterable of NextAction`, registered with the
Wagtail hook `pbcert_next_actions` in wagtail_hooks.py by the feature it belongs to; it
returns nothing for a user it does not concern, and actions counting 0 for one it does.
The panel groups the actions by role, leaves out those with nothing to do and says so
when a whole role has nothing waiting; a person with two roles sees both lists, a person
with none sees no panel."""

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from ..models.certificates import tbilisi_today

HOOK = "pbcert_next_actions"
MAX_ITEMS = 8  # named one by one; the rest behind the action's link

GROUPS = {  # role: heading, in the order shown
    "staff": _("Programme team: next steps"),
    "expert": _("Your assignments"),
    "consortium": _("Consortium"),
    "editor": _("Pages and translations"),
}
# Where each role's whole list is, also when nothing waits: (link text, URL name).
WHOLE_LIST = {
    "staff": (_("All applications"), "pbcert_applications:index"),
    "expert": (_("All your assignments"), "pbcert_reviews:index"),
    "consortium": (
        _("All applications ready for the consortium"),
        "pbcert_applications:consortium",
    ),
    "editor": (_("All pages"), "wagtailadmin_explore_root"),
}


@dataclass
class Item:
    """One thing to act on: an application, a page, a certificate."""

    text: str
    url: str
    due: date | None = None
    late: bool = False
    note: str = ""


@dataclass
class NextAction:
    """A kind of work waiting for this person: how much, and where it is listed."""

    group: str  # a key of GROUPS
    label: str
    count: int
    url: str
    items: list = field(default_factory=list)
    due: date | None = None  # the date it is due by, when there is one for all of it
    late: bool = False
    order: int = 100
    values: dict = field(default_factory=dict)  # for placeholders in `label` besides count

    @property
    def text(self):
        """The label for `count`: an ngettext_lazy(…, "count") label takes the right form."""
        return self.label % {"count": self.count, **self.values}

    @property
    def more(self):
        """How many of `count` are not named in `items`."""
        return max(self.count - len(self.items[:MAX_ITEMS]), 0) if self.items else 0


def listed(group, label, queryset, url, item, order=100, **more):
    """A NextAction counting `queryset` and naming its first MAX_ITEMS as `item(obj)`; late
    when one of those is, unless `more` says otherwise."""
    items = [item(obj) for obj in queryset[:MAX_ITEMS]]
    more.setdefault("late", any(one.late for one in items))
    return NextAction(group, label, queryset.count(), url, items, order=order, **more)


def next_actions(user, today=None):
    """{group: [NextAction with something to do]} for `user`, groups in GROUPS order; a
    group this user belongs to with nothing to do maps to []."""
    today = today or tbilisi_today()
    found = {}
    for provider in hooks.get_hooks(HOOK):
        for action in provider(user, today) or ():
            actions = found.setdefault(action.group, [])
            if action.count:
                actions.append(action)
    return {
        group: sorted(found[group], key=lambda action: action.order)
        for group in GROUPS
        if group in found
    }


class NextActionsPanel(Component):
    """The dashboard panel: per role, each kind of waiting work with its count, the first
    few named with their due dates, and a link to where all of it is listed."""

    name = "pbcert_next_actions"
    order = 40
    template_name = "pbcert_wagtail/admin/next_actions_panel.html"

    def __init__(self, groups):
        self.groups = groups

    def get_context_data(self, parent_context):
        return {
            "groups": [
                {
                    "key": key,
                    "heading": GROUPS[key],
                    "actions": actions,
                    "whole_list": (WHOLE_LIST[key][0], reverse(WHOLE_LIST[key][1])),
                }
                for key, actions in self.groups.items()
            ],
            "MAX_ITEMS": MAX_ITEMS,
        }


def next_actions_panel_for(request):
    if not request.user.is_authenticated:
        return None
    groups = next_actions(request.user)
    return NextActionsPanel(groups) if groups else None
