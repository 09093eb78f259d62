"""Wish's date-time format: YYYY-MM-DDTHH:mm:ss.sss±XX:ZZ (or ...Z). Milliseconds are optional on
input; an offset (or Z) is not: a naive time is refused rather than guessed."""

from datetime import UTC, datetime


def to_text(epoch_ms: int | None) -> str | None:
    if epoch_ms is None:
        return None
    moment = datetime.fromtimestamp(epoch_ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}+00:00"


def parse(text: str) -> int:
    """→ epoch milliseconds; ValueError for anything but an ISO 8601 date-time with an offset."""
    if not isinstance(text, str) or "T" not in text:
        raise ValueError(text)
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        raise ValueError(text)
    return int(round(moment.timestamp() * 1000))
