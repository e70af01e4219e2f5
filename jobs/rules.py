"""Who may do what with a job: any role may use jobs; each kind decides about its own target.

Role level (no object): every user with a role may list their jobs and start one (the kind's
`may_start` then decides). Object level: a job is seen by whom `Job.objects.visible_to` lets
through (its starter, everybody for a shared kind, administrators) *and* for whom the kind's
`may_see` holds now; it is retried by one who sees it and for whom `may_start` holds now.
"""

from __future__ import annotations

import rules

from accounts.guards import AnyUser
from accounts.predicates import is_administrator, is_forum_member, is_regional_staff, is_secretariat
from jobs.models import Job
from jobs.registry import get_kind

has_a_role = is_regional_staff | is_secretariat | is_forum_member | is_administrator


def _job_in_reach(user: AnyUser, job: object) -> bool:
    if job is None:
        return True
    if not isinstance(job, Job):
        return False
    kind = get_kind(job.kind)
    if kind is None:
        return False
    return bool(
        job.started_by_id == user.pk or kind.shared or is_administrator.test(user)
    ) and bool(kind.may_see(user, job.params))


def _may_start_again(user: AnyUser, job: object) -> bool:
    if job is None:
        return True
    if not isinstance(job, Job):
        return False
    kind = get_kind(job.kind)
    return kind is not None and bool(kind.may_start(user, job.params))


sees_job = rules.Predicate(_job_in_reach)
may_start_again = rules.Predicate(_may_start_again)

rules.add_perm("jobs.view_job", has_a_role & sees_job)
rules.add_perm("jobs.add_job", has_a_role)
rules.add_perm("jobs.change_job", has_a_role & sees_job & may_start_again)
