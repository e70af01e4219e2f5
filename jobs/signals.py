"""What the jobs room tells the rooms above it, without knowing them.

`job_finished` is sent by the worker once a job's final state (done or failed) is stored, inside
the transaction that stores it, with `job=` the job. A room above (notifications) connects to it
from its `AppConfig.ready()`; the jobs room imports none of them.
"""

from django.dispatch import Signal

job_finished = Signal()
