"""What every rate-file parser returns, and the checks they share."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from currency.codes import is_known_currency
from currency.exceptions import RateFileError, row_error

# Stored rates keep at most 15 significant digits (what SQLite stores exactly) and 16 decimals.
MAX_RATE_SIGNIFICANT_DIGITS = 15
MAX_RATE_DECIMAL_PLACES = 16
MAX_RATE = Decimal("1e12")
# Errors listed in one answer; a file with more is refused with the first ones and a count.
MAX_REPORTED_ERRORS = 200
# A zip member larger than this is refused unread (the full ECB history is about 2 MB).
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RateRow:
    date: date
    base: str
    quote: str
    rate: Decimal
    line: int  # where it came from in the file, for error messages
    note: str = ""


def rate_parse(text: str) -> Decimal:
    """A published rate: a positive finite decimal with at most 15 significant digits."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"'{text.strip()}' is not a number.") from None
    if not value.is_finite() or value <= 0:
        raise ValueError(f"'{text.strip()}' is not a positive rate.")
    if value >= MAX_RATE:
        raise ValueError(f"{text.strip()} is too large for a rate.")
    digits = value.normalize().as_tuple()
    if len(digits.digits) > MAX_RATE_SIGNIFICANT_DIGITS:
        raise ValueError(f"{text.strip()} has more than {MAX_RATE_SIGNIFICANT_DIGITS} significant digits.")
    if isinstance(digits.exponent, int) and -digits.exponent > MAX_RATE_DECIMAL_PLACES:
        raise ValueError(f"{text.strip()} has more than {MAX_RATE_DECIMAL_PLACES} decimals.")
    return value


def currency_parse(text: str) -> str:
    code = text.strip().upper()
    if not is_known_currency(code):
        raise ValueError(f"'{text.strip()}' is not an ISO 4217 currency code.")
    return code


def text_decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RateFileError(
            "The file is not UTF-8 text.", [row_error(None, None, f"Not UTF-8 at byte {error.start}.")]
        ) from None


def zip_member_read(data: bytes, suffixes: tuple[str, ...]) -> tuple[str, bytes]:
    """The one rate file inside a zip (the ECB ships `eurofxref-hist.csv` in `eurofxref-hist.zip`)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RateFileError("The zip file is damaged.", [row_error(None, None, "Not a readable zip file.")]) from None
    members = [info for info in archive.infolist() if info.filename.lower().endswith(suffixes)]
    if len(members) != 1:
        message = f"The zip must hold exactly one {' or '.join(suffixes)} file; it holds {len(members)}."
        raise RateFileError(message, [row_error(None, None, message)])
    member = members[0]
    if member.file_size > MAX_UNZIPPED_BYTES:
        message = f"{member.filename} unpacks to {member.file_size} bytes; the limit is {MAX_UNZIPPED_BYTES}."
        raise RateFileError(message, [row_error(None, None, message)])
    return member.filename, archive.read(member)


def errors_raise(errors: list[dict], what: str) -> None:
    if not errors:
        return
    shown = errors[:MAX_REPORTED_ERRORS]
    more = len(errors) - len(shown)
    message = f"{what}: {len(errors)} problem(s); nothing was imported." + (f" ({more} not listed)" if more else "")
    raise RateFileError(message, shown)
