"""StreamField blocks of the programme pages."""

from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from . import conf


def rich_text_block(**kwargs):
    return blocks.RichTextBlock(features=conf.get("RICH_TEXT_FEATURES"), **kwargs)


def field_error(field, message):
    """A block's validation error shown at one of its fields."""
    return StructBlockValidationError(block_errors={field: ErrorList([ValidationError(message)])})


class StepBlock(blocks.StructBlock):
    """One step of "how it works"."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = rich_text_block(label=_("Text"), required=False)

    class Meta:
        label = _("Step")


class StepsBlock(blocks.StructBlock):
    """A numbered list of steps: the yearly cycle of the programme."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        label, icon = _("How it works (numbered steps)"), "list-ol"
        template = "pbcert_wagtail/blocks/steps_block.html"


class BenefitsBlock(blocks.StructBlock):
    """A short list of what a municipality gains."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("Benefit"), max_length=300), label=_("Benefits"), min_num=1
    )

    class Meta:
        label, icon = _("Benefits list"), "list-ul"
        template = "pbcert_wagtail/blocks/benefits_block.html"


# The site's own forms a call to action can send the visitor to: (value, URL name, label).
SITE_FORMS = [
    ("ask_expert", "pbcert:ask_expert", _("Ask an expert")),
    ("nominate", "pbcert:nominate", _("Suggest a municipality")),
    ("subscribe", "pbcert:subscribe", _("Hear when the next call opens")),
]


class CallToActionBlock(blocks.StructBlock):
    """A highlighted box that sends the visitor on: apply, ask, read the form."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    form = blocks.ChoiceBlock(
        label=_("Or one of the site's forms"),
        choices=[(value, label) for value, _name, label in SITE_FORMS],
        required=False,
    )
    url = blocks.URLBlock(label=_("Or an address"), required=False)

    class Meta:
        label, icon = _("Call to action"), "pick"
        template = "pbcert_wagtail/blocks/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if sum(bool(value.get(name)) for name in ("page", "form", "url")) != 1:
            raise field_error(
                "page",
                _("Choose a page, one of the site's forms or type an address (one of them)."),
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        names = {value: name for value, name, _label in SITE_FORMS}
        context["form_url"] = reverse(names[value["form"]]) if value.get("form") else ""
        return context


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a published document, such as the PB standards."""

    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        label, icon = _("Document link"), "doc-full"
        template = "pbcert_wagtail/blocks/document_link_block.html"


def embed_url_for(url):
    """The player address for a known video host, or None (loaded only after "play")."""
    parsed = urlparse(url or "")
    host = (parsed.hostname or "").lower()
    if not url or host not in conf.get("VIDEO_EMBED_HOSTS"):
        return None
    if host == "vimeo.com":
        video_id = parsed.path.strip("/").split("/")[0]
        if video_id.isdigit():
            return f"https://player.vimeo.com/video/{video_id}?autoplay=1&dnt=1"
        return None
    if host == "youtu.be":
        video_id = parsed.path.strip("/")
    elif host.endswith("youtube.com") and parsed.path == "/watch":
        video_id = parse_qs(parsed.query).get("v", [None])[0]
    elif host.endswith("youtube.com") and parsed.path.startswith("/embed/"):
        video_id = parsed.path.split("/")[2]
    else:
        return None
    return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1" if video_id else None


class VideoBlock(blocks.StructBlock):
    """A video that costs the visitor no third-party request until they click play: a document
    plays in the page's own <video>, an external link shows a placeholder with a play button."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    video_file = DocumentChooserBlock(
        label=_("Video file (MP4 or WebM)"),
        required=False,
        help_text=_("Served by this site. Leave empty to link to an external video."),
    )
    captions_file = DocumentChooserBlock(label=_("Captions (WebVTT)"), required=False)
    external_url = blocks.URLBlock(
        label=_("External video address"),
        required=False,
        help_text=_("Loaded only when the visitor clicks play."),
    )
    description = blocks.TextBlock(label=_("Description or transcript"), required=False)

    class Meta:
        label, icon = _("Video"), "media"
        template = "pbcert_wagtail/blocks/video_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("video_file") and not value.get("external_url"):
            message = _("Choose a video file or type the address of an external video.")
            raise field_error("video_file", message)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        url = value.get("external_url")
        context["embed_url"] = embed_url_for(url)
        context["external_host"] = urlparse(url).hostname if url else ""
        return context


class ProgrammeStreamBlock(blocks.StreamBlock):
    """The blocks an editor may put on a programme page."""

    rich_text = rich_text_block(
        label=_("Text"), template="pbcert_wagtail/blocks/rich_text_block.html"
    )
    steps = StepsBlock()
    benefits = BenefitsBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    video = VideoBlock()
