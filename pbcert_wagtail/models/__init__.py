"""The plugin's models, importable from `pbcert_wagtail.models`."""
# ruff: noqa: F401 (every import here is a re-export)

from .applications import AccessToken, Application, ApplicationStatus, ReferenceCounter
from .calls import CertificationCall
from .certificates import (
    Certificate,
    CertificateCounter,
    CertificateDocument,
    CertificateSettings,
    CertificateState,
    PdfState,
    Recommendation,
    RevocationReason,
)
from .community import CallSubscription
from .conference import ConferenceAnswer, HandoverConference
from .counters import RateLimitCount
from .credentials import IssuedCredential, StatusList
from .decisions import ConsortiumDecision, ConsortiumVote, Outcome
from .directory import PractitionerDirectoryPage
from .faq import FAQEntry, FAQTopic
from .instructions import InstructionEmail
from .log import ApplicationLogEntry
from .monitoring import (
    MonitoringAssessment,
    MonitoringCheckIn,
    MonitoringReport,
    ProgressStatus,
    RecommendationProgress,
)
from .municipalities import Municipality, MunicipalityKind, Region
from .nominations import MunicipalityInvitation, Nomination, NominationStatus
from .organisation import OrganisationSettings
from .outbox import EmailEvent, OutboxMessage, OutboxStatus
from .pages import ApplicationFormPage, FAQPage, ProgrammePage
from .people import Invitation
from .practitioners import (
    ContactRequest,
    ContactRequestState,
    Practitioner,
    PractitionerKind,
    PractitionerTopic,
)
from .questionnaires import (
    AnswerRevision,
    Attachment,
    ChangeNotice,
    InformationRequest,
    QuestionnaireDefinition,
    QuestionnaireResponse,
)
from .questions import ExpertQuestion, QuestionStatus
from .registry import CertificateRegistryPage
from .reviews import (
    AssignmentPurpose,
    CallCriterion,
    Criterion,
    CriterionStage,
    ExpertRecommendation,
    ExpertReview,
    ReviewAssignment,
)
