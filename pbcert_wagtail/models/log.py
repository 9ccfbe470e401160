"""The audit trail of applications, apart from Wagtail's generic log, so that History and
Site history (with its filters and exports) show each reader only what they may see."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseLogEntry, BaseLogEntryManager

from .applications import Application


def application_of(instance):
    """The application a logged object belongs to (itself, or through its assignment)."""
    if isinstance(instance, Application):
        return instance
    if hasattr(instance, "application"):
        return instance.application
    return instance.assignment.application


class ApplicationLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(application=application_of(instance), object_id=str(instance.pk))
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        kind = ContentType.objects.get_for_model(instance, for_concrete_model=False)
        return self.filter(content_type=kind, object_id=str(instance.pk))

    def viewable_by_user(self, user):
        from ..permissions import visible_applications

        visible = visible_applications(user).values("pk")
        return super().viewable_by_user(user).filter(application__in=visible)


class ApplicationLogEntry(BaseLogEntry):
    """One entry of an application's story: its transitions, its experts' declarations and
    reviews, its requests and decision. Readable by those who may see the application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="log_entries"
    )
    object_id = models.CharField(max_length=255, db_index=True)

    objects = ApplicationLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("application log entry")
        verbose_name_plural = _("application log entries")
