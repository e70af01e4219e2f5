"""The grant letter's URLs × roles.

Regional staff and administrators read every letter, write them and edit the conditions; a
project's secretariat reads its projects' letters, an applicant its organisation's; the forum
reads the decision, not its letter.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from applications.services import letters as letter_services
from grants.models import Project
from tests.applications.factories import ApplicantMembershipFactory
from tests.applications.letter_helpers import applicant_of, approved_decision, stored_letter
from tests.matrix.base import Entry, World, _, _post, _roles

READ = _roles(200, 200, 404, 403, 200, applicant=200)
LIST = _roles(200, 200, 200, 403, 200, applicant=200)
WRITE = _roles(200, 403, 403, 403, 200)


def extend(world: World) -> None:
    staff, applicant = world.users["regional"], world.users["applicant"]
    assert isinstance(staff, User) and isinstance(applicant, User)
    project = Project.objects.get(pk=world.ids["project"])
    organisation = applicant_of(project)
    ApplicantMembershipFactory.create(user=applicant, organisation=organisation)
    decision = approved_decision(project=project, by=staff)
    standard = letter_services.conditions_update_programme(
        programme=project.programme, text="Projektet skal rapportere.", by=staff
    )
    own = letter_services.conditions_update_decision(
        decision=decision, text="Særligt vilkår.", by=staff
    )
    letter = stored_letter(decision, by=staff)
    world.ids.update(
        {
            "letter_decision": decision.pk,
            "letter": letter.pk,
            "programme_conditions": standard.pk,
            "decision_conditions": own.pk,
        }
    )


ENTRIES: dict[str, Entry] = {
    "applications:my_letters": Entry(_(), LIST),
    "applications:letter_list": Entry(_("letter_decision"), READ),
    "applications:letter_write": Entry(_("letter_decision"), _post(WRITE), method="post"),
    "applications:decision_conditions": Entry(_("letter_decision"), WRITE),
    "applications:decision_conditions#post": Entry(
        _("letter_decision"), _post(WRITE), method="post", data=lambda ids: {"text": "Vilkår."}
    ),
    "applications:programme_conditions": Entry(_("programme"), WRITE),
    "applications:letter_download": Entry(_("letter"), READ),
}
