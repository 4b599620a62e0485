"""HTTP client of the gsdj server. Knows nothing of Textual."""

from api_client.client import GsdjClient
from api_client.errors import ApiError, NotCached, ServerUnreachable, SessionExpired
from api_client.tokens import StoredToken, TokenStore

__all__ = [
    "ApiError",
    "GsdjClient",
    "NotCached",
    "ServerUnreachable",
    "SessionExpired",
    "StoredToken",
    "TokenStore",
]
