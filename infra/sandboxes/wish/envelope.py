"""Wish's response envelope {code, message, data} (code 0 = success, data empty on error), error
messages in the caller's Accept-Language, and the headers every response carries."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Response, g, request

from infra.sandboxes.common.server import json_response


class WishError(Exception):
    """An APIError: `key` names the message in data/messages.json (which also holds its code)."""

    def __init__(self, key: str, http_status: int = 400, **params: Any) -> None:
        super().__init__(key)
        self.key, self.http_status, self.params = key, http_status, params


def negotiate(header: str | None, languages: list[str]) -> str:
    """Accept-Language "zh-CN,zh;q=0.9,en;q=0.8" → the best supported primary language, else en."""
    choices = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            weight = 0.0
        primary = tag.split("-")[0].lower()
        if primary in languages and weight > 0:
            choices.append((-weight, index, primary))
    return min(choices)[2] if choices else "en"


def message(messages: dict, key: str, language: str, **params: Any) -> tuple[int, str]:
    entry = messages["messages"][key]
    return entry["code"], entry.get(language, entry["en"]).format(**params)


def ok(data: Any, status: int = 200) -> Response:
    return json_response({"code": 0, "message": "", "data": data}, status=status)


def error(messages: dict, failure: WishError, headers: dict[str, str] | None = None) -> Response:
    code, text = message(messages, failure.key, getattr(g, "wish_language", "en"), **failure.params)
    return json_response({"code": code, "message": text, "data": {}}, status=failure.http_status, headers=headers)


def begin(languages: list[str]) -> None:
    g.wish_language = negotiate(request.headers.get("Accept-Language"), languages)
    g.wish_request_id = uuid.uuid4().hex


def add_headers(response: Response, remaining: int) -> Response:
    response.headers["Wish-Request-Id"] = getattr(g, "wish_request_id", None) or uuid.uuid4().hex
    response.headers["Wish-Rate-Limit-Remaining"] = str(getattr(g, "wish_rate_remaining", remaining))
    response.headers["Content-Language"] = getattr(g, "wish_language", "en")
    return response
