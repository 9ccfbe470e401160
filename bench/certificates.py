"""Benchmark: certificate PDFs.

    .venv/bin/python bench/certificates.py [--renders 15] [--certificates 64] [--workers 1]

A throwaway copy of the demo (a temporary SQLite file). Two measurements:

1. The median time to render one certificate PDF the way the worker does
   (`pdf.certificate_pdf`: context, template, QR code, xhtml2pdf under our resource
   policy) against a bare `pisa.CreatePDF` of the same HTML, in the same run: the ratio
   (goal ≤ 1.3×) and the time per page.
2. The time to issue and render N certificates through the worker: N certified decisions
   of one call are published (the certificates are numbered in the publishing
   transactions) and `manage.py qcluster` renders them; the clock runs from the
   publication to the moment the last PDF is stored (measured first).
"""

import argparse
import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.throwaway import MANAGE, throwaway_demo  # noqa: E402

EXTRA = """
PBCERT_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
"""


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=15)
    parser.add_argument("--certificates", type=int, default=64)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()

    var_dir = throwaway_demo(
        "pbcert-certificates-", EXTRA, workers=args.workers, load_args=["--no-sample-application"]
    )
    manage = MANAGE

    from django.utils import translation
    from pypdf import PdfReader
    from xhtml2pdf import pisa

    from pbcert_wagtail import workflow
    from pbcert_wagtail.certificates import pdf
    from pbcert_wagtail.models import CertificateDocument, PdfState
    from tests import scenarios

    print(f"{args.certificates} certified decisions …", flush=True)
    cases = [scenarios.decided() for _ in range(args.certificates)]
    call = cases[0].call

    # 1. Issue and render N certificates: publication, then the worker.
    log = open(var_dir / "worker.log", "w")  # noqa: SIM115 (closed at the end)
    worker = subprocess.Popen(manage + ["qcluster"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        time.sleep(5)  # the cluster starts its processes
        started = time.monotonic()
        workflow.publish_results(call)
        published = time.monotonic() - started
        deadline = started + args.timeout
        rendered = CertificateDocument.objects.filter(state=PdfState.RENDERED)
        while rendered.count() < args.certificates and time.monotonic() < deadline:
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        done = rendered.count()
    finally:
        worker.terminate()
        worker.wait(30)
        log.close()
    print(
        f"{done} of {args.certificates} certificates issued in {published:.1f} s and rendered "
        f"by {args.workers} worker(s) in {elapsed:.1f} s in all ({elapsed / max(done, 1):.2f} s "
        f"each); worker log: {var_dir / 'worker.log'}"
    )

    # 2. One PDF: ours against a bare xhtml2pdf render of the same HTML.
    document = CertificateDocument.objects.select_related("certificate").first()
    with translation.override("ka"):
        html = pdf.certificate_html(document)

    def bare():
        pisa.CreatePDF(html, dest=io.BytesIO(), encoding="utf-8")

    pdf.certificate_pdf(document)  # warm: fonts parsed, templates compiled
    bare()
    ours = timed(lambda: pdf.certificate_pdf(document), args.renders)
    plain = timed(bare, args.renders)
    pages = len(PdfReader(io.BytesIO(pdf.certificate_pdf(document))).pages)
    print(
        f"one certificate PDF ({pages} pages), median of {args.renders}: ours "
        f"{ours * 1000:.0f} ms, bare xhtml2pdf {plain * 1000:.0f} ms — {ours / plain:.2f}× "
        f"({ours / pages * 1000:.0f} ms a page)"
    )


if __name__ == "__main__":
    main()
