from .applications import AccessToken, Application, ApplicationStatus, ReferenceCounter
from .calls import CertificationCall
from .community import CallNotification, CallSubscription
from .decisions import ConsortiumDecision, ConsortiumVote, Outcome, ResultNotice
from .faq import FAQEntry, FAQTopic
from .municipalities import Municipality, MunicipalityKind, Region
from .organisation import OrganisationSettings
from .outbox import OutboxMessage, OutboxStatus
from .pages import ApplicationFormPage, FAQPage, ProgrammePage
from .questionnaires import (
    AnswerRevision,
    Attachment,
    ChangeNotice,
    InformationRequest,
    QuestionnaireDefinition,
    QuestionnaireResponse,
    Reminder,
)
from .reviews import (
    AssignmentPurpose,
    CallCriterion,
    Criterion,
    CriterionStage,
    ExpertReview,
    Recommendation,
    ReviewAssignment,
)

__all__ = [
    "AccessToken",
    "AnswerRevision",
    "InformationRequest",
    "Application",
    "ApplicationFormPage",
    "ApplicationStatus",
    "AssignmentPurpose",
    "Attachment",
    "ChangeNotice",
    "QuestionnaireDefinition",
    "QuestionnaireResponse",
    "Reminder",
    "CallCriterion",
    "CallNotification",
    "Criterion",
    "CriterionStage",
    "ExpertReview",
    "Recommendation",
    "ReviewAssignment",
    "CallSubscription",
    "CertificationCall",
    "ConsortiumDecision",
    "ConsortiumVote",
    "Outcome",
    "ResultNotice",
    "FAQEntry",
    "FAQPage",
    "FAQTopic",
    "Municipality",
    "MunicipalityKind",
    "OrganisationSettings",
    "OutboxMessage",
    "OutboxStatus",
    "ProgrammePage",
    "ReferenceCounter",
    "Region",
]
