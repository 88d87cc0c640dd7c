"""The API's addresses, as the API tests write them."""

from urllib.parse import urlencode

API = "/api/v1/"


def url(resource, *parts, **params):
    """``url("deposits", 3)`` → /api/v1/deposits/3/; keyword arguments become the query."""
    path = API + "/".join([resource, *map(str, parts)]) + "/"
    return f"{path}?{urlencode(params)}" if params else path
