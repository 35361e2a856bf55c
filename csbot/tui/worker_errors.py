"""One place where a failed worker becomes a notification.

Textual's ``Worker.StateChanged`` does not bubble, so every node that starts workers (the app,
the main screen) mixes this in; with ``exit_on_error=False`` the app keeps running."""

from __future__ import annotations

from textual.worker import Worker, WorkerState

from csbot.errors import CsbotError


class ReportsWorkerErrors:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        node = event.worker.node
        error = event.worker.error
        title = f"{event.worker.description or event.worker.name}失败"
        if isinstance(error, CsbotError):
            message = str(error)
        else:
            # Not a problem the agent can fix: keep the traceback in the log for whoever can.
            node.log.error(event.worker, error)
            message = f"{type(error).__name__}: {error}"
        node.app.notify(message, title=title, severity="error", timeout=10, markup=False)
