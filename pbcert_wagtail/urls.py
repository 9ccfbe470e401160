"""Public URLs of the plugin, included inside the site's i18n_patterns."""

from django.urls import path

from .views import (
    applicant,
    badge,
    calendars,
    certificates,
    conference,
    confirm_address,
    invitation,
    monitoring,
    nominations,
    practitioner_contact,
    practitioner_links,
    privacy,
    questionnaire,
    questions,
    registry,
    renewal,
    subscriptions,
    verification,
)

APPLICATION = "application/<str:token>/"

app_name = "pbcert"
urlpatterns = [
    path("privacy/", privacy.privacy, name="privacy"),
    path("calendar.ics", calendars.public_calendar, name="calendar"),
    path("verify/", verification.check, name="verify_check"),
    path("registry/<slug:code>/", registry.permanent_address, name="registry_municipality"),
    path("badge/<slug:code>.svg", badge.badge_svg, name="badge_svg"),
    path("badge/<slug:code>.png", badge.badge_png, name="badge_png"),
    path("verify/<str:code>/", verification.verify, name="verify"),
    path(
        "verify/<str:code>/credential.json",
        verification.credential_download,
        name="verify_credential",
    ),
    # The token-in-URL shape the outbox masks (models/outbox.RESET_LINK): …/confirm/<uid>/<token>/
    path(
        "invitation/confirm/<uidb64>/<token>/",
        invitation.accept_invitation,
        name="accept_invitation",
    ),
    path("ask-an-expert/", questions.ask, name="ask_expert"),
    path("nominate/", nominations.nominate, name="nominate"),
    path(
        "confirm-address/<str:token>/",
        confirm_address.confirm_address,
        name="confirm_address",
    ),
    path(
        "practitioners/<int:pk>/contact/",
        practitioner_contact.contact,
        name="practitioner_contact",
    ),
    path("practitioners/stop/<str:token>/", practitioner_links.stop, name="practitioner_stop"),
    path(
        "practitioners/report/<str:token>/", practitioner_links.report, name="practitioner_report"
    ),
    path("subscribe/", subscriptions.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", subscriptions.confirm, name="subscription_confirm"),
    path("subscribe/stop/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    # Not "apply/": that is the English slug of the demo form page.
    path("go/application-form/", subscriptions.apply_redirect, name="apply_redirect"),
    path("application/lost-link/", applicant.lost_link, name="lost_link"),
    path(APPLICATION, applicant.application_status, name="application_status"),
    path(f"{APPLICATION}questionnaire/", questionnaire.questionnaire, name="questionnaire"),
    path(f"{APPLICATION}change/", applicant.change_notice, name="change_notice"),
    path(f"{APPLICATION}calendar.ics", calendars.applicant_calendar, name="applicant_calendar"),
    path(
        f"{APPLICATION}information/<int:pk>/",
        questionnaire.information_request,
        name="information_request",
    ),
    path(
        f"{APPLICATION}files/<int:pk>/", questionnaire.attachment_for_applicant, name="attachment"
    ),
    path(f"{APPLICATION}conference/", conference.conference_answer, name="conference"),
    path(f"{APPLICATION}monitoring/", monitoring.progress_record, name="progress_record"),
    path(f"{APPLICATION}renew/", renewal.renew, name="renew"),
    path(
        f"{APPLICATION}certificate/",
        certificates.certificate_for_applicant,
        name="applicant_certificate",
    ),
]
