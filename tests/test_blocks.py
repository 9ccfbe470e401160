"""Programme page blocks: the video costs no third-party request until play is pressed."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from pbcert_wagtail.blocks import CallToActionBlock, VideoBlock, embed_url_for

from .conftest import soup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "https://www.youtube.com/watch?v=abc123XYZ",
            "https://www.youtube-nocookie.com/embed/abc123XYZ?autoplay=1",
        ),
        (
            "https://youtu.be/abc123XYZ",
            "https://www.youtube-nocookie.com/embed/abc123XYZ?autoplay=1",
        ),
        ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456?autoplay=1&dnt=1"),
        ("https://video.example.org/film", None),
        ("https://www.youtube.com/watch", None),
        ("", None),
    ],
)
def test_embed_url_for(url, expected):
    assert embed_url_for(url) == expected


def render(block, value, language="en"):
    with translation.override(language):
        html = block.render(block.to_python(value), context={"request": RequestFactory().get("/")})
    return BeautifulSoup(html, "html.parser")


def test_external_video_renders_a_placeholder_not_a_player():
    html = render(
        VideoBlock(),
        {"title": "Explainer", "external_url": "https://www.youtube.com/watch?v=abc123XYZ"},
    )
    assert html.find("iframe") is None
    assert html.find("script") is None
    assert not [tag for tag in html.find_all(src=True)]  # nothing is loaded on page load
    button = html.select_one("button[data-embed-src]")
    assert button["data-embed-src"].startswith("https://www.youtube-nocookie.com/embed/")
    assert button.has_attr("hidden")  # shown by the script; without it the link remains
    assert (
        html.select_one("a.video__external")["href"] == "https://www.youtube.com/watch?v=abc123XYZ"
    )
    assert "www.youtube.com" in html.get_text()


def test_video_placeholder_speaks_georgian():
    html = render(
        VideoBlock(), {"title": "ვიდეო", "external_url": "https://vimeo.com/123456"}, language="ka"
    )
    assert "დააჭერთ" in html.get_text() or "ჩაირთვება" in html.get_text()


def test_unknown_video_host_gets_only_a_link():
    html = render(VideoBlock(), {"title": "Film", "external_url": "https://video.example.org/film"})
    assert html.select_one("button") is None
    assert html.select_one("a.video__external")["href"] == "https://video.example.org/film"


def test_video_needs_a_file_or_an_address():
    block = VideoBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "Nothing"}))


def test_call_to_action_needs_exactly_one_target(demo):
    block = CallToActionBlock()
    base = {"heading": "Ask", "button_label": "Go"}
    with pytest.raises(ValidationError):
        block.clean(block.to_python(base))
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python({**base, "page": demo["faq"]["ka"].pk, "url": "https://example.org"})
        )
    assert block.clean(block.to_python({**base, "url": "https://example.org"}))["url"]


def test_self_hosted_video_plays_from_this_site():
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    video = Document(title="Explainer")
    video.file.save("explainer.webm", ContentFile(b"\x1aE\xdf\xa3 not really a video"), save=False)
    video.save()
    block = VideoBlock()
    html = render(block, {"title": "Explainer", "video_file": video.pk})
    source = html.select_one("video source")
    assert source["src"] == video.url
    assert source["src"].startswith("/documents/")
    assert html.select_one("button") is None


def test_a_call_to_action_leads_to_one_of_the_sites_forms_in_the_pages_language(client, demo):
    """The programme page's calls to action lead to the community's forms and directory."""
    for language, ask, nominate in (
        ("ka", "/ka/ask-an-expert/", "/ka/nominate/"),
        ("en", "/en/ask-an-expert/", "/en/nominate/"),
    ):
        page = soup(client.get(demo["programme"][language].url))
        links = {a["href"] for a in page.select(".cta a.button")}
        assert {ask, nominate} <= links, links
        from pbcert_wagtail.models import PractitionerDirectoryPage

        directory = PractitionerDirectoryPage.objects.get(locale__language_code=language)
        assert directory.url in links and client.get(directory.url).status_code == 200
    block = CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"heading": "h", "button_label": "b", "form": "nominate",
                                     "url": "https://example.org/"}))  # fmt: skip
