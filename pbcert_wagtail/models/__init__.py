from .faq import FAQEntry, FAQTopic
from .organisation import OrganisationSettings
from .pages import FAQPage, ProgrammePage

__all__ = ["FAQEntry", "FAQPage", "FAQTopic", "OrganisationSettings", "ProgrammePage"]
