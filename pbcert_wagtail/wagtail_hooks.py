"""Registration with Wagtail, and nothing else."""

from wagtail.snippets.models import register_snippet

from .admin.faq import FAQViewSetGroup

register_snippet(FAQViewSetGroup)
