"""Logging filters. Django logs a refused request (403, 404, 400) with the exception attached,
so each one printed a full traceback: noise that buried real errors. A client error keeps its
one line ("Forbidden (Permission denied): /counselor/"); a server error keeps its traceback."""

import logging


class OneLineForClientErrors(logging.Filter):
    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
