"""`python -m bot.healthcheck`: the Docker HEALTHCHECK, exit 0 when healthy.

When Slack runs over HTTP, the bot answers `GET /healthz` (which also asks the database);
that is what is checked. Socket Mode, Discord and the console serve no HTTP, so there is
nothing to ask and the process being alive is the health Docker sees.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from bot.config import ConfigError, Settings, load_settings

TIMEOUT = 3.0


def health_url(settings: Settings) -> str | None:
    """The /healthz address to ask, or None when this configuration serves no HTTP."""
    if not settings.slack_enabled or settings.slack_socket_mode:
        return None
    return f"http://127.0.0.1:{settings.port}/healthz"


def main() -> int:
    try:
        url = health_url(load_settings())
    except ConfigError as error:
        print(f"unhealthy: configuration problem: {error}", file=sys.stderr)
        return 1
    if url is None:
        return 0
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"unhealthy: {url}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
