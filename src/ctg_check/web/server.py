"""Run the web app with uvicorn on a socket bound before the server starts (so the URL is known)."""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import quote

import uvicorn

from ctg_check.errors import CtgError
from ctg_check.web.app import create_app
from ctg_check.web.security import ANY_ADDRESS, LOOPBACK

DEFAULT_PORT = 8765


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket on host:port; with no port, DEFAULT_PORT or, when taken, a free one."""
    if port is not None:
        return _listen(host, port)
    try:
        return _listen(host, DEFAULT_PORT)
    except CtgError:
        return _listen(host, 0)


def _listen(host: str, port: int) -> socket.socket:
    name = host.strip("[]")
    sock = socket.socket(socket.AF_INET6 if ":" in name else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((name, port))
    except OSError as exc:
        sock.close()
        raise CtgError("serve-port-busy", host=host, port=port, reason=exc.strerror) from None
    sock.listen(64)
    return sock


def url_for(host: str, port: int, token: str | None, lang: str) -> str:
    shown = "127.0.0.1" if host in ANY_ADDRESS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    url = f"http://{shown}:{port}/?lang={lang}"
    return url + (f"&token={quote(token)}" if token else "")


def prepare(
    host: str, port: int | None, token: str | None, lang: str = "vi"
) -> tuple[uvicorn.Server, socket.socket, str]:
    """The server, its socket and the URL to open; refuses a non-loopback host without a token."""
    if host not in LOOPBACK and not token:
        raise CtgError("serve-token-required", host=host)
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    app = create_app(host, bound, token)
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    return uvicorn.Server(config), sock, url_for(host, bound, token, lang)


def serve(
    host: str,
    port: int | None,
    token: str | None,
    lang: str,
    ready: Callable[[str], None],
    open_browser: bool = True,
) -> None:
    """Serve until Ctrl+C; `ready(url)` once listening; open the browser unless told not to."""
    server, sock, url = prepare(host, port, token, lang)
    ready(url)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    with sock:
        server.run(sockets=[sock])


@contextmanager
def running(
    host: str = "127.0.0.1", port: int | None = 0, token: str | None = None, lang: str = "vi"
) -> Iterator[str]:
    """A server in a background thread for as long as the block runs; yields its URL (tests,
    benchmarks)."""
    server, sock, url = prepare(host, port, token, lang)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        threading.Event().wait(0.05)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
