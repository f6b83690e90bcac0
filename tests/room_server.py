"""The room pages served by a real tornado server in a thread, and a participant who talks to it over HTTP."""

from __future__ import annotations

import asyncio
import re
import threading

import httpx
import tornado.web

from workbook.room import RoomService, room_handlers


class RoomServer:
    """The room handlers on a loopback port, in a thread of their own with their own event loop."""

    def __init__(self, store_url: str, port: int):
        self.service = RoomService(store_url)
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _serve(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        app = tornado.web.Application(room_handlers("/", self.service))

        async def start():
            self.server = app.listen(self.port, "127.0.0.1")

        self.loop.run_until_complete(start())
        self._ready.set()
        self.loop.run_forever()

    def stop(self) -> None:
        async def stop():
            self.server.stop()
            for feed in list(self.service.feeds.values()):
                feed.stop()

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.service.close()


class Participant:
    """One browser without script: it fetches pages, posts forms and keeps its cookies."""

    def __init__(self, server: RoomServer, *, address: str = "127.0.0.1"):
        self.server = server
        headers = {"X-Forwarded-For": address}  # tells the limits which device this is
        self.http = httpx.Client(base_url=server.url, headers=headers, follow_redirects=False, timeout=30)
        self.page = ""

    def get(self, path: str) -> httpx.Response:
        response = self.http.get(path)
        self.page = response.text
        return response

    def token(self) -> str:
        match = re.search(r'name="_xsrf" value="([^"]+)"', self.page)
        return match.group(1) if match else ""

    def post(self, path: str, data: dict, *, json: bool = False, token: str | None = None) -> httpx.Response:
        data = {"_xsrf": self.token() if token is None else token, **data}
        headers = {"Accept": "application/json"} if json else {}
        response = self.http.post(path, data=data, headers=headers)
        if not json:
            self.page = response.text
        return response

    def join(self, code: str, name: str) -> httpx.Response:
        self.get(f"/workbook/room/{code}")
        response = self.post("/workbook/room/join", {"code": code, "pseudonym": name})
        if response.status_code == 303:
            self.get(response.headers["location"])
        return response

    def answer(self, code: str, question_id: str, value: str) -> httpx.Response:
        form = {"question": question_id, "value": value}
        return self.post(f"/workbook/room/{code}/answer", form, json=True)

    def close(self) -> None:
        self.http.close()
