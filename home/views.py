import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

# Seconds a client is asked to wait when the database is out of reach (a restart, a failover).
RETRY_AFTER = 30


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and the bench: answers once the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _database_unreachable(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without context processors: they may be what failed.

    When the database cannot be reached (it restarts, the pool gave up waiting for a
    connection), a 503 that says so and when to come back instead: nothing is wrong with what
    the visitor did. Django calls this inside the handling of the exception (asgiref keeps it
    so across threads), so sys.exc_info() is the error.
    """
    if _database_unreachable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
