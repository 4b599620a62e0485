"""HTTP client of the gsdj server. Knows nothing of Textual."""

from api_client.client import GsdjClient
from api_client.errors import ApiError, ServerUnreachable, SessionExpired
from api_client.tokens import StoredToken, TokenStore

__all__ = [
    "ApiError",
    "GsdjClient",
    "ServerUnreachable",
    "SessionExpired",
    "StoredToken",
    "TokenStore",
]
