import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests compare messages in English; test_validator_messages.py checks the Vietnamese ones."""
    with translation.override("en"):
        yield
