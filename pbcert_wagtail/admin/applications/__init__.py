"""Admin for applications: the listing, the review screen, exports and publishing results."""

from .viewset import ApplicationViewSet, review_url

__all__ = ["ApplicationViewSet", "review_url"]
