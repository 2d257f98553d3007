"""The Starlette application: one page, the upload, progress, the result and the downloads."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import tempfile
import threading
from contextlib import asynccontextmanager
from datetime import date, datetime
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ctg_check import __version__
from ctg_check.errors import CtgError
from ctg_check.i18n import label, message
from ctg_check.plan import DEFAULT_PLAN, builtin_plans
from ctg_check.units import builtin_units
from ctg_check.web import adapters, jobs, views
from ctg_check.web.security import SESSION_COOKIE, Guard, GuardMiddleware, new_session
from ctg_check.web.uploads import Limits, UploadError, batch_too_large, store

HERE = resources.files("ctg_check") / "web"
TOO_LARGE = ("upload-too-large", "upload-batch-too-large", "upload-too-many", "upload-zip-bomb")


class Server:
    """What the routes share: the guard, the limits, the jobs and the page templates."""

    def __init__(self, guard: Guard, limits: Limits, store: jobs.JobStore) -> None:
        self.guard, self.limits, self.jobs = guard, limits, store
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(HERE / "templates")),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )

    def page(self, name: str, **context: Any) -> str:
        return self.templates.get_template(name).render(**context)


def create_app(
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    limits: Limits | None = None,
    idle_seconds: float = jobs.IDLE_SECONDS,
) -> Starlette:
    """The web app for a server bound to host:port (the names its Host header may carry)."""
    server = Server(
        Guard(host, port, token, secrets.token_bytes(32)),
        limits or Limits(),
        jobs.JobStore(idle_seconds),
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        reaper = asyncio.create_task(_reap_every(server.jobs, min(60.0, idle_seconds)))
        try:
            yield
        finally:
            reaper.cancel()
            server.jobs.close()

    routes = [
        Route("/", partial(index, server)),
        Route("/healthz", healthz),
        Route("/jobs", partial(upload, server), methods=["POST"]),
        Route("/jobs/{job}", partial(progress, server)),
        Route("/jobs/{job}/result", partial(result, server)),
        Route("/jobs/{job}/download/{kind}", partial(download, server)),
        Route("/jobs/{job}/discard", partial(discard, server), methods=["POST"]),
        Route("/template", partial(template, server)),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.server = server
    app.add_middleware(GuardMiddleware, guard=server.guard)
    return app


async def _reap_every(store: jobs.JobStore, seconds: float) -> None:
    """Delete idle jobs even when no request comes to do it."""
    while True:
        await asyncio.sleep(seconds)
        await run_in_threadpool(store.reap)


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _session(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE)


async def index(server: Server, request: Request) -> Response:
    session = _session(request) or new_session()
    lang = _lang(request)
    job = server.jobs.get(request.query_params.get("job", ""), session)
    chosen = job.settings if job else adapters.Settings(plan=DEFAULT_PLAN, lang=lang)
    as_of = chosen.as_of or date.today()
    body = server.page(
        "index.html",
        lang=lang,
        t=lambda key, **kw: label(key, lang, **kw),
        csrf=server.guard.csrf(session),
        plans=builtin_plans(),
        units=builtin_units(),
        chosen=chosen,
        report_fields=adapters.REPORT_FIELDS,
        as_of=as_of.strftime("%d/%m/%Y"),
        job=job.id if job else "",
        version=__version__,
    )
    response = HTMLResponse(body)
    if _session(request) is None:
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
    return response


def _error(code: str, lang: str, status: int, **params: Any) -> JSONResponse:
    return JSONResponse({"error": code, "message": message(code, lang, **params)}, status)


async def upload(server: Server, request: Request) -> Response:
    """POST /jobs: check the CSRF token, store the files, start reading; the job id back."""
    lang = _lang(request)
    session = _session(request)
    header = request.headers.get("x-csrf-token")
    if header is not None and not server.guard.csrf_ok(session, header):
        return _error("web-csrf", lang, 403)
    declared = int(request.headers.get("content-length") or 0)
    if declared > server.limits.batch_bytes + 1_000_000:
        refused = batch_too_large(server.limits)
        return _error(refused.code, lang, 413, **refused.params)
    try:
        form = await request.form(
            max_files=server.limits.files, max_fields=server.limits.files + 50
        )
    except Exception:  # malformed body, too many parts
        return _error("web-bad-form", lang, 400)
    try:
        if header is None and not server.guard.csrf_ok(session, str(form.get("csrf") or "")):
            return _error("web-csrf", lang, 403)
        assert session is not None
        try:
            settings = _settings(form)
        except CtgError as exc:
            return _error(exc.code, lang, 400, **exc.params)
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            return _error("web-no-files", lang, 400)
        mtimes = [str(m) for m in form.getlist("mtime")]
        job = server.jobs.create(session, settings)
        try:
            await run_in_threadpool(_store_all, files, mtimes, job, server.limits)
        except UploadError as exc:
            server.jobs.discard(job)
            status = 413 if exc.code in TOO_LARGE else 400
            return _error(exc.code, lang, status, **exc.params)
    finally:
        await form.close()
    threading.Thread(target=jobs.run, args=(job,), daemon=True, name=f"job-{job.id[:6]}").start()
    if request.headers.get("x-requested-with") == "fetch":
        return JSONResponse({"job": job.id})
    return RedirectResponse(f"/?lang={lang}&job={job.id}", 303)


def _store_all(files: list[UploadFile], mtimes: list[str], job: jobs.Job, limits: Limits) -> None:
    used = 0
    for n, upload_file in enumerate(files):
        name = upload_file.filename or "upload"
        before = set(job.inputs.rglob("*"))
        used += store(upload_file.file, name, job.inputs, limits, used)
        stamp = _mtime(mtimes[n] if n < len(mtimes) else "")
        if stamp is not None:
            for path in set(job.inputs.rglob("*")) - before:
                if path.is_file():
                    os.utime(path, (stamp, stamp))


def _mtime(raw: str) -> float | None:
    """The browser's lastModified (milliseconds) as seconds, so newer-file choices match."""
    return int(raw) / 1000 if raw.isdigit() else None


_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def parse_date(raw: str) -> date | None:
    """A reference date written dd/mm/yyyy or yyyy-mm-dd; None when empty."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        found = _DMY.match(raw)
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
        return datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        raise CtgError("as-of-invalid", value=raw) from None


def _settings(form: Any) -> adapters.Settings:
    plan = str(form.get("plan") or "") or DEFAULT_PLAN
    units = str(form.get("units") or "") or None
    if plan is not None and plan not in builtin_plans():
        raise CtgError("plan-not-found", name=plan, known=", ".join(builtin_plans()))
    if units is not None and units not in builtin_units():
        raise CtgError("units-not-found", name=units, known=", ".join(builtin_units()))
    return adapters.Settings(
        plan=plan,
        units=units,
        as_of=parse_date(str(form.get("as_of") or "")),
        lang="en" if form.get("lang") == "en" else "vi",
        include_members=form.get("include_members") in ("1", "on", "true"),
        report=_report_settings(form),
    )


def _report_settings(form: Any) -> tuple[tuple[str, str | int], ...]:
    """The report settings the form fills in (blank: the plan's), as `summary`'s options."""
    chosen: list[tuple[str, str | int]] = []
    for name in adapters.REPORT_FIELDS:
        raw = str(form.get(name) or "").strip()
        if not raw:
            continue
        if name == "year":
            if not (raw.isdigit() and 2000 <= int(raw) <= 2100):
                raise CtgError("year-invalid", value=raw)
            chosen.append((name, int(raw)))
        else:
            chosen.append((name, raw))
    return tuple(chosen)


def _job(server: Server, request: Request) -> jobs.Job | None:
    return server.jobs.get(request.path_params["job"], _session(request) or "")


async def progress(server: Server, request: Request) -> Response:
    job = _job(server, request)
    if job is None:
        return _error("web-no-job", _lang(request), 404)
    return JSONResponse(job.progress())


async def result(server: Server, request: Request) -> Response:
    job = _job(server, request)
    lang = _lang(request)
    if job is None:
        return HTMLResponse(views.gone(server, lang), 404)
    return HTMLResponse(views.result(server, job, lang))


async def download(server: Server, request: Request) -> Response:
    job = _job(server, request)
    kind = request.path_params["kind"]
    lang = _lang(request)
    if job is None or kind not in jobs.DOWNLOADS:
        return _error("web-no-job", lang, 404)
    if job.state != "done":
        return _error("web-not-ready", lang, 409)
    try:
        path = await run_in_threadpool(jobs.output, job, kind)
    except CtgError as exc:
        return _error(exc.code, lang, 500, **exc.params)
    name = jobs.DOWNLOADS[kind][1 if job.settings.lang == "en" else 0]
    done = BackgroundTask(jobs.finished, server.jobs, job, kind)
    return FileResponse(path, filename=name, background=done)


async def discard(server: Server, request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    if not server.guard.csrf_ok(_session(request), str(form.get("csrf") or "")):
        return _error("web-csrf", _lang(request), 403)
    job = _job(server, request)
    if job is not None:
        server.jobs.discard(job)
    return JSONResponse({"discarded": job is not None})


async def template(server: Server, request: Request) -> Response:
    plan = request.query_params.get("plan") or None
    if plan is not None and plan not in builtin_plans():
        return _error("plan-not-found", _lang(request), 404, name=plan, known="")
    folder = Path(tempfile.mkdtemp(dir=server.jobs.root))
    out = folder / "mau-bao-cao.xlsx"
    await run_in_threadpool(adapters.write_template, out, plan)
    from ctg_check.web.uploads import remove

    return FileResponse(out, filename=out.name, background=BackgroundTask(remove, folder))
