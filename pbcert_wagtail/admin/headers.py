"""The visible header of our own admin pages names the page.

Wagtail's slim header shows the breadcrumbs; the page title is only a hidden <h1> for
screen readers. WagtailAdminTemplateMixin's breadcrumbs are just "Home", so a page of ours
without a crumb of its own read "Home" (მთავარი) at the top."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class NamedPage(WagtailAdminTemplateMixin):
    """An admin page whose header ends with its own title."""

    def get_breadcrumbs_items(self):
        items = list(super().get_breadcrumbs_items())
        title = self.get_page_title()
        if title and (not items or items[-1].get("label") != title):
            items.append({"url": "", "label": title})
        return items
