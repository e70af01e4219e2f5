"""Citizens in onboarding courses: the least the work needs, and the ESF participant data."""

from core.validators import CPR_SHAPE, validate_not_cpr
from participants.models.categories import Category
from participants.models.courses import (
    CourseQuerySet,
    OnboardingCourse,
    people_count,
    same_person,
)
from participants.models.gdpr import (
    ParticipantAccess,
    ParticipantAccessQuerySet,
    ParticipantErasure,
    ParticipantErasureQuerySet,
)
from participants.models.people import (
    RECENT_ACCESSES,
    Participant,
    ParticipantQuerySet,
    starts_before_birth,
    validate_birth_year,
)

__all__ = [
    # Imported from here by migrations and forms.
    "CPR_SHAPE",
    "RECENT_ACCESSES",
    "Category",
    "CourseQuerySet",
    "OnboardingCourse",
    "Participant",
    "ParticipantAccess",
    "ParticipantAccessQuerySet",
    "ParticipantErasure",
    "ParticipantErasureQuerySet",
    "ParticipantQuerySet",
    "people_count",
    "same_person",
    "starts_before_birth",
    "validate_birth_year",
    "validate_not_cpr",
]
