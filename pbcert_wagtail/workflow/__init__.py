"""The application life cycle: the table and `fire()` in machine.py, a small module of
services per stage, each calling `fire()`. Import what you need from here."""
# ruff: noqa: F401 (every import here is a re-export)

from .contacts import (
    DuplicateApplication,
    change_contact_email,
    create_application,
    record_change_notice,
)
from .decision import amend_decision, publish_due_results, publish_results, record_decision
from .information import (
    answer_information_request,
    extend_information_request,
    request_information,
)
from .machine import (
    APPLICANT_SEES,
    LOG_ACTIONS,
    SCREENING_TRANSITIONS,
    TRANSITIONS,
    TransitionNotAllowed,
    blocked_reason,
    fire,
    locked,
    status_for_applicant,
    submitted_review_count,
)
from .questionnaire import grant_extension, record_revisions, submit_questionnaire
from .review import (
    assign_expert,
    declare_conflict,
    save_review,
    save_screening,
    screening_checklist,
    submit_review,
    suggest_information_request,
    withdraw_assignment,
)
