"""Gzip for the API's JSON reads, when the client asks for it (``Accept-Encoding: gzip``).

A page of 50 rights is 20 KB of JSON and about 3 KB gzipped. Only reads of the API are
compressed: public register data, with no secret beside text a requester chooses (the
BREACH attack needs both in one compressed body), so the pages carrying CSRF tokens and the
token endpoint (a POST) are left alone. A client that does not ask gets the plain body.

A record's answer carries its version as a strong ``ETag``, which a client sends back in
``If-Match``; compressing would weaken it (``W/"3"``, as Django's middleware must for a
body that changed), and a weak tag matches no version. Those answers, a few hundred bytes,
stay uncompressed; lists have no ETag.
"""

from django.middleware.gzip import GZipMiddleware


class APIGZipMiddleware(GZipMiddleware):
    """Django's ``GZipMiddleware`` for GET and HEAD answers in JSON under /api/ without an
    ETag."""

    def process_response(self, request, response):
        if (
            request.method in ("GET", "HEAD")
            and request.path_info.startswith("/api/")
            and response.get("Content-Type", "").startswith("application/json")
            and not response.has_header("ETag")
        ):
            return super().process_response(request, response)
        return response
