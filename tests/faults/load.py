"""Members who post and read while a test breaks a server under them; every answer is kept."""

from __future__ import annotations

import asyncio
import functools
import time
import uuid
from dataclasses import dataclass, field

import httpx

TOKEN = "c" * 32


@dataclass
class Answer:
    started: float
    kind: str  # "post" or "read"
    status: int  # 0: no answer within the client's timeout or the connection failed
    seconds: float
    body: str = ""
    text: str = ""
    retry_after: str = ""


@dataclass
class Load:
    """`members` clients (one session each) that post a reply, then read the topic, until
    stopped. Bodies are unique, so a test can look every acknowledged post up afterwards."""

    base_url: str
    reply_path: str
    read_path: str
    sessions: list[str]
    timeout: float = 20
    pause: float = 0.2
    answers: list[Answer] = field(default_factory=list)
    running: bool = True

    async def _member(self, session: str) -> None:
        cookies = {"sessionid": session, "csrftoken": TOKEN}
        headers = {"Origin": self.base_url}
        async with httpx.AsyncClient(
            base_url=self.base_url, cookies=cookies, headers=headers, timeout=self.timeout
        ) as client:
            while self.running:
                body = f"Bericht {uuid.uuid4().hex}"
                data = {"body": body, "csrfmiddlewaretoken": TOKEN}
                post = functools.partial(client.post, self.reply_path, data=data)
                await self._ask("post", body, post)
                await self._ask("read", "", functools.partial(client.get, self.read_path))
                await asyncio.sleep(self.pause)

    async def _ask(self, kind: str, body: str, request) -> None:
        started = time.monotonic()
        try:
            response = await request()
            status, text = response.status_code, response.text
            retry_after = response.headers.get("Retry-After", "")
        except httpx.HTTPError:
            status, text, retry_after = 0, "", ""
        self.answers.append(
            Answer(started, kind, status, time.monotonic() - started, body, text, retry_after)
        )

    async def run(self) -> None:
        await asyncio.gather(*(self._member(session) for session in self.sessions))

    def between(self, start: float, end: float) -> list[Answer]:
        return [a for a in self.answers if start <= a.started < end]
