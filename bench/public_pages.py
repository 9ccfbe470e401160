"""Benchmark: time and query count of the public pages, with the demo FAQ and with more entries.

    .venv/bin/python bench/public_pages.py [--requests 50] [--extra-faq 0]

Runs against a throwaway copy of the demo (a temporary SQLite file), so the real
var/db.sqlite3 is never touched. Prints one line per URL: mean and 95th percentile
time in ms, and queries per request.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URLS = ["/ka/", "/en/", "/ka/sertifitsireba/", "/en/certification/", "/ka/kitkhvebi/", "/en/faq/"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--extra-faq", type=int, default=0, help="FAQ entries to add per language")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="pbcert-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="site_settings.settings.test",
        DATABASE_URL=f"sqlite:///{var_dir / 'bench.sqlite3'}",
        PBCERT_VAR_DIR=str(var_dir),
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(manage + ["migrate", "-v0"], check=True, cwd=ROOT)
    subprocess.run(manage + ["load_initial_data"], check=True, cwd=ROOT, capture_output=True)

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Locale

    from pbcert_wagtail.models import FAQEntry, FAQTopic

    for locale in Locale.objects.all():
        topic = FAQTopic.objects.create(locale=locale, name="bench", order=999)
        FAQEntry.objects.bulk_create(
            FAQEntry(
                locale=locale,
                topic=topic,
                question=f"Q {i}?",
                answer=f"<p>A {i}</p>",
                anchor=f"bench-{i}",
                order=i,
            )
            for i in range(args.extra_faq)
        )

    client = Client()
    print(f"{'url':<24} {'mean ms':>8} {'p95 ms':>8} {'queries':>8}")
    for url in URLS:
        client.get(url)
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p95 = sorted(timings)[int(len(timings) * 0.95) - 1]
        print(f"{url:<24} {statistics.mean(timings):8.1f} {p95:8.1f} {len(queries):8d}")


if __name__ == "__main__":
    main()
