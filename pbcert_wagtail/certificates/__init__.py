"""Certificates: issuing when a "certified" decision is published (issuing.py), the
verification codes (codes.py), the PDF (pdf.py) and its rendering by the worker
(rendering.py)."""
