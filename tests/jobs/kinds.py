"""A kind of job for the tests only: counts to `steps`, fails when told, outdated when told,
and its file withheld when what it holds is revoked."""

from __future__ import annotations

from accounts.guards import AnyUser
from accounts.predicates import manages_grants
from jobs.registry import JobContext, JobFailed, JobKind, JobResult, Manifest, Params, register

CODE = "test_count"
# The tests change these to move the target under a finished job, make it fail, or revoke what
# the files of a version hold ("revoked": that version).
TARGET = {"version": "1", "fail": "", "crash": False, "revoked": ""}


def _run(context: JobContext) -> JobResult:
    steps = int(context.params.get("steps", 3))
    for done in range(1, steps + 1):
        context.progress(done, steps, f"step {done}")
    if TARGET["crash"]:
        raise RuntimeError("a bug with a traceback the user must not see")
    if TARGET["fail"]:
        raise JobFailed(TARGET["fail"])
    body = ",".join(str(n) for n in range(1, steps + 1)).encode()
    return JobResult(
        filename="count.txt",
        content_type="text/plain",
        content=body,
        manifest={"holds": str(TARGET["version"])},
    )


def _may(user: AnyUser, params: Params) -> bool:
    return bool(manages_grants.test(user))


def _may_see_result(user: AnyUser, params: Params, manifest: Manifest) -> bool:
    return _may(user, params) and manifest.get("holds") != TARGET["revoked"]


KIND = register(
    JobKind(
        code=CODE,
        label="Count",
        run=_run,
        may_start=_may,
        may_see=_may,
        may_see_result=_may_see_result,
        fingerprint=lambda params: str(TARGET["version"]),
        describe=lambda params: f"counting to {params.get('steps')}",
        param_names=("steps",),
    )
)
