"""create_app(config) -> the AliExpress IOP sandbox as a Flask app (the launcher's entry point)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, Response, redirect, request

from infra.sandboxes.aliexpress import auth, control, gateway, store
from infra.sandboxes.aliexpress.generator import Scheduler
from infra.sandboxes.aliexpress.runtime import Runtime
from infra.sandboxes.common.server import Sandbox, SandboxConfig, json_response
from infra.sandboxes.common.state import State


def create_app(config: SandboxConfig) -> Flask:
    app = Flask("aliexpress_sandbox")
    sandbox = Sandbox(app, config, gateway.fault_response)
    rt = Runtime.build(config, sandbox, State(config.state_path, store.SCHEMA))
    auth.seed_demo(rt)
    scheduler = Scheduler(rt)
    app.extensions["aliexpress"] = {"runtime": rt, "scheduler": scheduler}

    @app.route("/sync", methods=["GET", "POST"])
    def sync() -> Response:
        return gateway.handle_sync(rt)

    @app.route("/rest/<path:path>", methods=["GET", "POST"])
    def rest(path: str) -> Response:
        return gateway.handle_rest(rt, path)

    @app.get("/oauth/authorize")
    def authorize() -> Response:
        # The seller "approves" at once: the sandbox redirects back with a code for the demo seller.
        app_key, redirect_uri = request.args.get("client_id"), request.args.get("redirect_uri")
        if request.args.get("response_type") != "code" or app_key not in rt.apps or not redirect_uri:
            return json_response({"error": "response_type=code, a known client_id and redirect_uri are required"}, 400)
        code = auth.code_issue(rt, app_key=app_key, seller_id=rt.demo["seller_id"], redirect_uri=redirect_uri)
        query = {"code": code, **({"state": request.args["state"]} if request.args.get("state") else {})}
        separator = "&" if "?" in redirect_uri else "?"
        return redirect(f"{redirect_uri}{separator}{urlencode(query)}")

    def reset() -> None:
        rt.state.wipe()
        auth.seed_demo(rt)

    sandbox.on_reset(reset)
    control.register(app, rt)
    return app
