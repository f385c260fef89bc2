"""Wagtail's background work (search index, reference index), run at once as before, but held
back during a bulk change and run once per distinct task at its end.

A page saved four times while the course loads (created, revised, published, translated)
asks for its search entry and its references to be rebuilt each time; each rebuild reads the
page as it is when it runs, so only the last one matters. Inside `batched_tasks()` a task is
kept the first time it is asked for with given arguments, later asks for the same are folded
into it, and all are run, in the order first asked, when the outermost block ends (inside the
caller's transaction, so they see its rows). Outside a block nothing changes: each task runs
when it is enqueued.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.utils import normalize_json

_held = ContextVar("held_tasks", default=None)


class BatchingImmediateBackend(ImmediateBackend):
    def _execute_task(self, task_result):
        held = _held.get()
        if held is None:
            return super()._execute_task(task_result)
        key = (task_result.task.module_path, repr(normalize_json([task_result.args, task_result.kwargs])))
        held.setdefault(key, (self, task_result))
        return None


@contextmanager
def batched_tasks():
    """Hold the immediate backend's tasks until the block ends; run each distinct one once."""
    if _held.get() is not None:  # already inside a batch: the outer block runs them
        yield
        return
    held = {}
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    for backend, task_result in held.values():
        super(BatchingImmediateBackend, backend)._execute_task(task_result)  # noqa: SLF001
