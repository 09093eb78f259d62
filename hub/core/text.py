"""Small wording helpers shared by messages people read."""

from decimal import Decimal


def human_size(num_bytes: int) -> str:
    """1536 -> '1.5 KB'; sizes in messages must stay meaningful when a limit is below 1 MB."""
    if num_bytes < 1024:
        return f"{num_bytes} bytes"
    for unit in ("KB", "MB", "GB"):
        num_bytes /= 1024
        if num_bytes < 1024 or unit == "GB":
            return f"{num_bytes:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")


def decimal_text(value: Decimal | None) -> str:
    """A Decimal as plain text without trailing zeros: 400 -> '400' (never '4E+2'), 12.50 -> '12.5'."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
