"""Charts to Slack with the files upload v2 flow, attached to the message they belong to.

`files_upload_v2` runs Slack's three steps: `files.getUploadURLExternal` (one per file), a
POST of the bytes to the returned upload URL, and `files.completeUploadExternal`, which shares
the files into the channel. Passing the reply's blocks to that last call (instead of an
`initial_comment`) makes Slack post one message holding both the blocks and the chart, so a
result card and its chart never drift apart.

That message is not bare: the channel shows the card above the chart, and the chart carries
its title and alt text. Only its notification text is Slack's own: `files.completeUploadExternal`
takes no `text` (the fallback `chat.postMessage` sends beside blocks), and Slack ignores the
blocks when an `initial_comment` is given. A chart comes only with /results, asked for by the
person who reads it, so the card is kept whole rather than the notification.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.adapters.slack.blocks import SlackMessage, safe_plain
from bot.core.replies import Image
from bot.core.sanitize import clip

#: Slack's limit on a file title.
MAX_TITLE = 250
#: Slack's limit on an upload's description for screen readers (`alt_txt`): longer, it
#: refuses the upload ("alt_txt_too_large"). An image block's alt text may be twice as
#: long, and cut to that, the chart of ten long options tied was refused and not shown.
MAX_ALT_TEXT = 1000
#: Methods whose arguments must travel in the POST body: the SDK sends them as a query
#: string, and a results card's blocks there make a URL of ~15 KB (10 options), past what
#: HTTP servers and proxies accept.
BODY_METHODS = frozenset({"files.completeUploadExternal"})


class SlackWebClient(AsyncWebClient):
    """The SDK's client, except that `BODY_METHODS` send their arguments form-encoded in the
    body (Slack accepts either) instead of in the URL."""

    async def api_call(  # type: ignore[override]
        self,
        api_method: str,
        *,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> AsyncSlackResponse:
        if api_method in BODY_METHODS and params:
            moved = {k: v for k, v in params.items() if k != "token"}  # a token stays auth
            params = {k: v for k, v in params.items() if k == "token"} or None
            data = {**moved, **(data or {})}
        return await super().api_call(api_method, params=params, data=data, **kwargs)


async def share_images(
    client: AsyncWebClient,
    channel: str,
    images: Sequence[Image],
    message: SlackMessage | None = None,
    thread_ts: str | None = None,
) -> list[str]:
    """Upload `images` and share them in `channel`, with `message` as the text around them
    (or in the thread of `thread_ts`); returns the new file ids."""
    uploads = [upload(image) for image in images]
    extra = {"blocks": json.dumps(message.blocks)} if message is not None else {}
    response = await client.files_upload_v2(
        file_uploads=uploads, channel=channel, thread_ts=thread_ts, **extra
    )
    return [str(item["id"]) for item in response.get("files") or []]


def upload(image: Image) -> dict[str, Any]:
    """`files_upload_v2`'s arguments for one image, its title and description for screen
    readers cut to what Slack takes: past either limit, it refuses the whole upload."""
    return {
        "file": image.data,
        "filename": image.filename,
        "title": clip(safe_plain(image.title or image.alt_text), MAX_TITLE),
        "alt_txt": clip(safe_plain(image.alt_text), MAX_ALT_TEXT),
    }
