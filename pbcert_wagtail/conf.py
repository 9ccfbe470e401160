"""The plugin's settings: one namespaced dict, `PBCERT`, over these defaults.

PBCERT = {"ORGANISATION_NAME": "..."}
"""

from django.conf import settings

DEFAULTS = {
    # Rich text features editors get in programme pages and FAQ answers.
    "RICH_TEXT_FEATURES": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
    # Video hosts whose players may be embedded after the visitor clicks "play".
    "VIDEO_EMBED_HOSTS": ["youtube.com", "www.youtube.com", "youtu.be", "vimeo.com"],
}


def get(name):
    """Return the PBCERT setting `name`, falling back to the default."""
    overrides = getattr(settings, "PBCERT", {}) or {}
    if name in overrides:
        return overrides[name]
    return DEFAULTS[name]
