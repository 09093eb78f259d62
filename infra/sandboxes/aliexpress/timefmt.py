"""AliExpress writes order (and, in this sandbox, product) times as US Pacific wall time
"yyyy-MM-dd HH:mm:ss" without an offset. The SDK docs say "Pacific Standard Time" and one
integrator pinned PST (UTC-8, no daylight saving) after trying America/Los_Angeles, so the
sandbox defaults to a fixed UTC-8; options['pacific_tz'] = "America/Los_Angeles" switches."""

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

FORMAT = "%Y-%m-%d %H:%M:%S"
PST = timezone(timedelta(hours=-8), "PST")


def pacific_zone(name: str | None) -> tzinfo:
    return ZoneInfo(name) if name and name != "PST" else PST


def to_text(epoch_seconds: float | None, zone: tzinfo) -> str | None:
    if epoch_seconds is None:
        return None
    return datetime.fromtimestamp(epoch_seconds, UTC).astimezone(zone).strftime(FORMAT)


def from_text(text: str, zone: tzinfo) -> float:
    """Pacific wall time → epoch seconds; ValueError when the text is not yyyy-MM-dd HH:mm:ss."""
    return datetime.strptime(text.strip(), FORMAT).replace(tzinfo=zone).timestamp()
