"""At most once for posts: which failed platform calls may be sent again, and which may not.

A call that fails after its request may have reached the platform (the connection dropped
while waiting for the answer, a timeout) has an unknown outcome: for a post, the message may
exist. Sending it again could post it twice, so posts are never resent blindly, neither by
the client library nor by us; the outcome is reported as unknown (`DeliveryError.unknown`)
and recorded. A call that never connected cannot have arrived, and edits and reads are
idempotent, so those stay retryable.
"""

from __future__ import annotations

import aiohttp


def may_have_arrived(error: BaseException) -> bool:
    """Whether a transport failure may have happened after the request reached the server:
    anything but failing to connect (refused, unresolvable, TLS handshake)."""
    return not isinstance(error, aiohttp.ClientConnectorError)
