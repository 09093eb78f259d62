"""create_app(config) -> the Wish Merchant API v3 sandbox as a Flask app (the launcher's entry point)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, Response, g, redirect, request

from infra.sandboxes.common.server import Sandbox, SandboxConfig, json_response
from infra.sandboxes.common.state import State
from infra.sandboxes.wish import api, control, oauth, store
from infra.sandboxes.wish.envelope import WishError, add_headers, begin, error
from infra.sandboxes.wish.generator import Scheduler
from infra.sandboxes.wish.ratelimit import WindowLimiter
from infra.sandboxes.wish.runtime import Runtime


def create_app(config: SandboxConfig) -> Flask:
    app = Flask("wish_sandbox")
    holder: dict = {}
    sandbox = Sandbox(app, config, lambda kind, operation, retry: fault_response(holder, kind, retry))
    rt = Runtime.build(config, sandbox, State(config.state_path, store.SCHEMA))
    limiter = WindowLimiter(rt)
    holder.update(rt=rt, limiter=limiter)
    oauth.seed_demo(rt)
    scheduler = Scheduler(rt)
    app.extensions["wish"] = {"runtime": rt, "scheduler": scheduler, "limiter": limiter}
    api.register(app, rt, limiter)
    control.register(app, rt)

    @app.get("/v3/oauth/authorize")
    def authorize() -> Response:
        # The merchant "approves" at once: back to redirect_uri with a code for the demo merchant.
        client_id, redirect_uri = request.args.get("client_id"), request.args.get("redirect_uri")
        if client_id not in rt.clients or not redirect_uri:
            return json_response({"error": "a known client_id and a redirect_uri are required"}, status=400)
        code = oauth.code_issue(rt, client_id=client_id, merchant_id=rt.demo["merchant_id"], redirect_uri=redirect_uri)
        query = {"code": code, **({"state": request.args["state"]} if request.args.get("state") else {})}
        return redirect(f"{redirect_uri}{'&' if '?' in redirect_uri else '?'}{urlencode(query)}")

    @app.errorhandler(404)
    def not_found(_error) -> Response:
        if request.path.startswith("/api/"):
            begin(rt.messages["languages"])
            return error(rt.messages, WishError("not_found", 404))
        return json_response({"error": "not found"}, status=404)

    @app.after_request
    def headers(response: Response) -> Response:
        if request.path.startswith("/api/"):
            remaining = getattr(g, "wish_rate_remaining", None)
            if remaining is None:
                remaining = limiter.peek(getattr(g, "sandbox_caller", None) or f"anon:{request.remote_addr}")[0]
            add_headers(response, remaining)
        return response

    def reset() -> None:
        rt.state.wipe()
        limiter.reset()
        oauth.seed_demo(rt)

    sandbox.on_reset(reset)
    return app


def fault_response(holder: dict, kind: str, retry_after: float) -> Response:
    """Injected faults in Wish's format: throttling is 429 with Wish-Rate-Limit-Reset."""
    rt, limiter = holder["rt"], holder["limiter"]
    if kind == "throttle":
        g.wish_rate_remaining = 0
        _remaining, reset_at = limiter.peek(getattr(g, "sandbox_caller", "") or "")
        return error(rt.messages, WishError("rate_limited", 429), headers=api.reset_header(reset_at))
    if kind == "unavailable":
        return error(rt.messages, WishError("unavailable", 503))
    return error(rt.messages, WishError("internal", 500))
