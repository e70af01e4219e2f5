"""A kind of job for the tests only: counts to `steps`, fails when told, outdated when told."""

from __future__ import annotations

from accounts.guards import AnyUser
from accounts.predicates import manages_grants
from jobs.registry import JobContext, JobFailed, JobKind, JobResult, Params, register

CODE = "test_count"
# The tests change these to move the target under a finished job or make it fail.
TARGET = {"version": "1", "fail": "", "crash": False}


def _run(context: JobContext) -> JobResult:
    steps = int(context.params.get("steps", 3))
    for done in range(1, steps + 1):
        context.progress(done, steps, f"step {done}")
    if TARGET["crash"]:
        raise RuntimeError("a bug with a traceback the user must not see")
    if TARGET["fail"]:
        raise JobFailed(TARGET["fail"])
    body = ",".join(str(n) for n in range(1, steps + 1)).encode()
    return JobResult(filename="count.txt", content_type="text/plain", content=body)


def _may(user: AnyUser, params: Params) -> bool:
    return bool(manages_grants.test(user))


KIND = register(
    JobKind(
        code=CODE,
        label="Count",
        run=_run,
        may_start=_may,
        may_see=_may,
        fingerprint=lambda params: str(TARGET["version"]),
        describe=lambda params: f"counting to {params.get('steps')}",
        param_names=("steps",),
    )
)
