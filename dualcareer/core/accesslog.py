"""gunicorn's logger with tokens, e-mail addresses and query strings masked.

Named in `gunicorn.conf.py` (`logger_class`). Every field of an access-log
line goes through `dualcareer.core.logging.mask_text`, the same function
the application's log filter uses, and gunicorn's own handlers get that
filter too, so a link's token never reaches a log file.
"""

from __future__ import annotations

from typing import Any

from gunicorn import glogging

from dualcareer.core.logging import NoPersonalDataFilter, mask_text


class AccessLogger(glogging.Logger):
    """gunicorn's `Logger` whose access and error lines are masked."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(NoPersonalDataFilter())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: mask_text(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
