"""The plugin's settings: one namespaced dict, `PBCERT`, over these defaults.

PBCERT = {"ORGANISATION_NAME": "..."}
"""

from django.conf import settings

DEFAULTS = {
    # Rich text features editors get in programme pages and FAQ answers.
    "RICH_TEXT_FEATURES": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
    # Video hosts whose players may be embedded after the visitor clicks "play".
    "VIDEO_EMBED_HOSTS": ["youtube.com", "www.youtube.com", "youtu.be", "vimeo.com"],
    # The public address used in emails; falls back to WAGTAILADMIN_BASE_URL.
    "SITE_URL": "",
    # Replies to our emails go here (falls back to the organisation's contact email).
    "REPLY_TO": "",
    # Staff notices (a new application…) go here; default: the organisation's email.
    "STAFF_EMAIL": "",
    "STAFF_LANGUAGE": "ka",
    # Outbox: minutes to wait after each failed attempt, then give up.
    "OUTBOX_BACKOFF_MINUTES": [1, 5, 15, 60, 240, 720],
    "OUTBOX_MAX_ATTEMPTS": 8,
    "OUTBOX_CLAIM_TIMEOUT_MINUTES": 10,
    # Questionnaire uploads: where they are kept (never under MEDIA_URL), and limits.
    "PRIVATE_MEDIA_ROOT": None,
    "MAX_FILE_SIZE": 10 * 1024 * 1024,
    "MAX_APPLICATION_FILES_SIZE": 50 * 1024 * 1024,
    # An uploaded Word, Excel or OpenDocument file is a ZIP archive: at most this many
    # parts, unpacking to at most this much (a "zip bomb" is refused, never unpacked).
    "MAX_ARCHIVE_MEMBERS": 2000,
    "MAX_ARCHIVE_INFLATED_SIZE": 100 * 1024 * 1024,
    # Reminders before the questionnaire is due, in days. Every reminder goes out once;
    # a job that runs late sends the latest one that has come due.
    "QUESTIONNAIRE_REMINDER_DAYS": [14, 7, 1],
    # The instruction emails after confirmation (edited per call): one whose day came while
    # the daily job could not run goes out late, but not more than this many days late.
    "INSTRUCTION_CATCH_UP_DAYS": 7,
    # Days an applicant gets to resubmit when staff reopen a questionnaire after its deadline.
    "REOPEN_DAYS": 7,
    # The completeness check before expert review: (key, Georgian, English).
    "SCREENING_CHECKLIST": [
        ("form_complete", "ანკეტა სრულადაა შევსებული", "The questionnaire is complete"),
        ("pb_in_place", "სამოქალაქო ბიუჯეტი დანერგილია", "Participatory budgeting is in place"),
        ("standards", "პროცესი სტანდარტებს შეესაბამება", "The process follows the standards"),
        ("documents", "საჭირო დოკუმენტები თანდართულია", "The required documents are attached"),
    ],
    # Days an expert gets for a review, by default.
    "REVIEW_DAYS": 21,
    # Reminders to experts: these many days before the due date, and after it.
    "REVIEW_REMINDER_DAYS_BEFORE": [3],
    "REVIEW_REMINDER_DAYS_AFTER": [1],
    # Reminders of an open request for information: days before the answer date, after it.
    "INFORMATION_REMINDER_DAYS_BEFORE": [2],
    "INFORMATION_REMINDER_DAYS_AFTER": [1],
    # Reminders of the handover conference to those coming, days before its date.
    "CONFERENCE_REMINDER_DAYS": [7, 1],
    # Monitoring during the certificate year: reminders to report, days before each
    # check-in; a municipality may send its report this many days before the date.
    "MONITORING_REMINDER_DAYS": [14, 3],
    "MONITORING_REPORT_OPENS_DAYS": 30,
    # Reminders that a certificate is about to expire, days before its last day.
    "EXPIRY_REMINDER_DAYS": [90, 30, 7],
    # A municipality whose certificate expired at most this many days ago is told when a
    # new call opens, and may renew from its private page.
    "RENEWAL_WINDOW_DAYS": 365,
    # The daily jobs (reminders) run at this time, Asia/Tbilisi.
    "DAILY_JOBS_AT": "09:00",
    # Consortium members who must be present for a decision.
    "CONSORTIUM_QUORUM": 3,
    # Private links stop working after this many days (a new one is a click away).
    "PRIVATE_LINK_DAYS": 400,
    # Behind a reverse proxy: the request header with the client address, e.g.
    # "HTTP_X_FORWARDED_FOR" (the last address in it is the one the proxy saw).
    "CLIENT_IP_HEADER": None,
    # Public forms: at most N posts per IP address in WINDOW seconds.
    "FORM_RATE_LIMIT": (10, 600),
    # Certificate look-ups on the verification page per address: (look-ups, seconds).
    "VERIFY_RATE_LIMIT": (60, 600),
    # Community forms (community/): at most N confirmation emails to one address a day,
    # whatever the form; contact requests one sender may send one practitioner a day, and
    # messages relayed to one practitioner a day. (count, seconds) like the limits above.
    "CONFIRMATION_EMAIL_LIMIT": (5, 86400),
    "CONTACT_SENDER_LIMIT": (2, 86400),
    "CONTACT_PRACTITIONER_LIMIT": (10, 86400),
    # Retention (Georgia's Law on Personal Data Protection), applied by the daily job
    # retention.purge_expired and stated on the privacy page. Exports are streamed, never
    # stored, so they need no period.
    # Days a sent (or finally failed) email keeps its text in the outbox; then the body is
    # cleared and the row keeps its event, status and dates.
    "OUTBOX_BODY_DAYS": 180,
    # Days after a declined, ineligible or withdrawn application ended before its contacts,
    # personal answers, change notices and files are removed (statistics are kept).
    "CLOSED_APPLICATION_DAYS": 365,
    # Days a subscription to the next call is kept after unsubscribing (or, never confirmed,
    # after it was made); then the address is deleted.
    "UNSUBSCRIBED_DAYS": 30,
    # Ask an expert (community/questions.py): days after the answer was mailed (or, never
    # answered, after the question was asked) before the asker's name, address,
    # municipality and question text are removed (the answer stays, without them)…
    "EXPERT_QUESTION_DAYS": 365,
    # …and days a question whose address was never confirmed is kept.
    "UNCONFIRMED_QUESTION_DAYS": 30,
    # Days a nominator's email is kept after their nomination was reviewed (or, never
    # reviewed, after it was made); then it is removed and the nomination kept without it.
    "NOMINATION_DAYS": 90,
    # Days a message to a practitioner keeps the visitor's name, address and text (from
    # when it was sent or, never confirmed, made); then they are removed.
    "CONTACT_REQUEST_DAYS": 90,
    # Signed credentials (credentials/). The issuer's DID, e.g. "did:web:pbcert.example.ge"
    # (its DID document is served at /.well-known/did.json); never taken from a request.
    "ISSUER_DID": "",
    # The file holding the issuer's Ed25519 private key (a "z…" secretKeyMultibase, made by
    # `manage.py generate_issuer_key`); the environment variable PBCERT_ISSUER_KEY, if
    # set, takes precedence. Never in the database.
    "ISSUER_KEY_FILE": None,
    # Keys that signed earlier credentials: [{"id": "did:web:…#z6Mk…", "publicKeyMultibase":
    # "z6Mk…"}]. They stay in did.json so that old credentials keep verifying.
    "RETIRED_ISSUER_KEYS": [],
    # Seconds a verifier may cache did.json.
    "DID_DOCUMENT_MAX_AGE": 300,
    # `manage.py verify_credential` reads arbitrary input: at most this many bytes, this
    # many blank nodes, and this many seconds of canonicalisation.
    "VERIFY_MAX_BYTES": 1024 * 1024,
    "VERIFY_MAX_BLANK_NODES": 100,
    "VERIFY_TIMEOUT_SECONDS": 10,
}


def get(name):
    """Return the PBCERT setting `name`, falling back to the default."""
    overrides = getattr(settings, "PBCERT", {}) or {}
    return overrides[name] if name in overrides else DEFAULTS[name]


def days(name):
    """A setting of reminder offsets, as a list (a single number is accepted too)."""
    value = get(name)
    return [value] if isinstance(value, int) else list(value)
