"""Structured logs (structlog over stdlib logging), with phone numbers masked before output."""

from __future__ import annotations

import logging
import os
import re

import structlog
from gunicorn.glogging import Logger as _GunicornLogger

# Mainland mobile numbers (PIPL): never written to a log in clear.
PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_phones(text: str) -> str:
    return PHONE.sub(r"\1****\2", text)


class MaskPhoneNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_phones(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def _mask_event(logger, method_name, event_dict):
    return {k: mask_phones(v) if isinstance(v, str) else v for k, v in event_dict.items()}


_SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso"),
    _mask_event,
]


def formatter(kind: str = "plain") -> structlog.stdlib.ProcessorFormatter:
    if kind == "json":
        # A JSON line has no place for a live exception object: the traceback is rendered into
        # the `exception` field first (it was dropped before), then masked like the rest.
        renderer = structlog.processors.JSONRenderer(ensure_ascii=False)
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=False)
    processors = [structlog.processors.format_exc_info, _mask_event, renderer]
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *processors],
    )


class GunicornLogger(_GunicornLogger):
    """gunicorn's error and access logs through the same formatter and phone masking as the
    application's (deploy/gunicorn.conf.py sets ``logger_class``): request lines carry query
    strings, and a phone number in one must not reach the log in clear."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        kind = os.environ.get("LOG_FORMAT", "json")
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter(kind))
                handler.addFilter(MaskPhoneNumbers())


def configure_structlog() -> None:
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
