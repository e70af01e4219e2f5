"""The one task: run a job by id, on whichever backend TASKS configures (database or Redis)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from jobs import runner
from jobs.models import Job


@task()
def run_job(job_id: int) -> str:
    """Run the job; its state, progress and result are on the Job row, not the task result."""
    return runner.run(job_id)


def enqueue(job: Job) -> None:
    """Queue `job` on the configured queue (JOBS_QUEUE), and remember the task's id."""
    result = run_job.using(queue_name=settings.JOBS_QUEUE).enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
