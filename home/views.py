from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and the bench: answers once the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without context processors: they may be what failed."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
