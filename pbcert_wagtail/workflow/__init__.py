"""The application life cycle: the table and `fire()` in machine.py, a small module of
services per stage, each calling `fire()`. Import what you need from here."""

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
    available_transitions,
    blocked_reason,
    fire,
    status_for_applicant,
)
from .questionnaire import grant_extension, record_revisions, submit_questionnaire
from .review import (
    assign_expert,
    declare_conflict,
    save_screening,
    screening_checklist,
    submit_review,
    submitted_review_count,
    suggest_information_request,
    withdraw_assignment,
)

__all__ = [
    "APPLICANT_SEES",
    "LOG_ACTIONS",
    "SCREENING_TRANSITIONS",
    "TRANSITIONS",
    "DuplicateApplication",
    "TransitionNotAllowed",
    "amend_decision",
    "answer_information_request",
    "assign_expert",
    "available_transitions",
    "blocked_reason",
    "change_contact_email",
    "create_application",
    "declare_conflict",
    "extend_information_request",
    "fire",
    "grant_extension",
    "publish_due_results",
    "publish_results",
    "record_change_notice",
    "record_decision",
    "record_revisions",
    "request_information",
    "save_screening",
    "screening_checklist",
    "status_for_applicant",
    "submit_questionnaire",
    "submit_review",
    "submitted_review_count",
    "suggest_information_request",
    "withdraw_assignment",
]
