"""Work a request causes that its response need not wait for.

`after_response(response, work)` runs `work` once the response has been sent: Django's ASGI
handler and WSGI servers call a response's `close()` after its last byte, on the thread that
served the request (the test client calls it too, before it hands the response back). So
the reader gets their page without waiting for, say, their read marker to be written.
"""

import logging
from collections.abc import Callable

from django.http import HttpResponseBase

logger = logging.getLogger(__name__)


def after_response(response: HttpResponseBase, work: Callable[[], None]) -> HttpResponseBase:
    """`response`, running `work` when it is closed, before Django's own end of the request
    (which tidies the database connections `work` may have used)."""
    close = response.close

    def work_then_close() -> None:
        try:
            work()
        except Exception:
            # The reader has their page; what failed after it is logged, not shown.
            logger.exception("work after the response to %s failed", response)
        finally:
            close()

    response.close = work_then_close  # type: ignore[method-assign]
    return response
