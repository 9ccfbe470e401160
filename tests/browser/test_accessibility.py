"""axe-core on the admin screens of the cycle, as each role reaches them by following links
from their dashboard: no critical or serious violation.

Each kind of page (its path with the numbers taken out) is checked once, so the walk
stays short as the demo grows; Wagtail's own page editor and settings are left out (they
are Wagtail's to fix), ours are all in."""

import re
from urllib.parse import urljoin, urlparse

import pytest

from .test_decision import login

pytestmark = pytest.mark.browser

OURS = re.compile(
    r"^/admin/((pbcert[a-z_]*|certificates|monitoring|conferences|certificationcall|people)/|$)"
)
# Pages that change something when opened, files, and exports.
SKIP = re.compile(r"logout|delete|retry|/file/|/document/|download|export|/history/|/pdf")
MAX_PAGES = 45


def walk(page, live_site):
    """The admin paths of the cycle reachable by links from the dashboard, one per kind."""
    from axe_playwright_python.sync_playwright import Axe

    axe, seen_kinds, queue, found = Axe(), set(), ["/admin/"], {}
    while queue and len(seen_kinds) < MAX_PAGES:
        path = queue.pop(0)
        kind = re.sub(r"\d+", "N", path)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        response = page.goto(live_site + path)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        violations = [
            (v["id"], v["impact"], [node["target"] for node in v["nodes"][:3]])
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("critical", "serious")
        ]
        if violations:
            found[path] = violations
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlparse(urljoin(live_site + path, href))
            if url.netloc == urlparse(live_site).netloc and not url.query:
                if OURS.match(url.path) and not SKIP.search(url.path):
                    queue.append(url.path)
    return seen_kinds, found


@pytest.mark.parametrize("username", ["staff", "expert1", "consortium"])
def test_no_serious_accessibility_violation_on_the_cycle_screens(live_site, page_in, username):
    page = page_in("ka-GE")
    login(page, live_site, username)
    seen, found = walk(page, live_site)
    assert len(seen) >= (10 if username == "staff" else 2), seen
    assert found == {}, found
