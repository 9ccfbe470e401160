"""Staff tell experts and consortium members apart by "Full name (username)" everywhere."""

import pytest

from pbcert_wagtail import roles
from pbcert_wagtail.admin.applications.forms import PersonChoiceField
from pbcert_wagtail.admin.monitoring import experts
from tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db


def test_two_experts_with_the_same_name_are_told_apart_by_username():
    first = ExpertFactory(first_name="Nino", last_name="Beridze", username="nberidze")
    second = ExpertFactory(first_name="Nino", last_name="Beridze", username="nberidze2")
    field = PersonChoiceField(queryset=experts())
    labels = [label for _, label in field.choices]
    assert "Nino Beridze (nberidze)" in labels
    assert "Nino Beridze (nberidze2)" in labels
    assert roles.person_label(first) != roles.person_label(second)


def test_a_person_without_a_name_is_shown_by_username():
    assert roles.person_label(ExpertFactory(first_name="", last_name="", username="e9")) == "e9"
