"""Log records as JSON lines (`LOG_FORMAT=json`), for a log collector.

One object per line: time (UTC, ISO 8601), level, logger, message, and the
exception's type and (masked) traceback when there is one. The record has
already passed `NoPersonalDataFilter`, which masks e-mail addresses, query
strings and link tokens in the message and the exception text; this
formatter adds no request data (no address, no user, no headers), and masks
its output once more so that nothing that reached a record unfiltered
slips through.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from dualcareer.core.logging import mask_text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_text(record.getMessage()),
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
            entry["traceback"] = mask_text(record.exc_text or self.formatException(record.exc_info))
        elif record.exc_text:
            entry["traceback"] = mask_text(record.exc_text)
        return json.dumps(entry, ensure_ascii=False)
