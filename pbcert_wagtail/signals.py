"""What features subscribe to. The contract:

- `application_transitioned(application, transition, user)` and
  `decision_published(decision)` are sent **inside** the transaction that made the
  change: a receiver may write rows that must commit with it (a certificate number),
  and a receiver that raises undoes the change. Receivers do database work only — on
  SQLite every write of the site waits for them; anything that does I/O (email, PDF,
  HTTP) is queued with `transaction.on_commit` (emails: through notifications.py).
- `results_published(call, decisions)` is sent after the publication has committed.
- `certificate_revoked(certificate)` is sent inside the revoking transaction.
"""

from django.dispatch import Signal

application_transitioned = Signal()
decision_published = Signal()
results_published = Signal()
certificate_revoked = Signal()
