"""Wish Merchant API v3 constants."""

from channels.ratelimit import Rate

API_URL = "https://merchant.wish.com"
DEFAULT_BASE_URLS = {"api": API_URL}
API_PREFIX = "/api/v3"

CREDENTIAL_FIELDS = ("client_id", "client_secret", "access_token", "refresh_token")
SECRET_FIELDS = ("client_secret", "access_token", "refresh_token")

# Error codes in the {code, message, data} envelope.
# 1001 is a bad parameter (the spec's example is a wrong grant_type), so it is not listed here.
REFRESHABLE_TOKEN_ERRORS = {1007, 1008, 1016}  # expired, revoked, (connectors also refresh on 1016)
AUTH_ERRORS = {1002, 1006, 1007, 1008, 1016, 10001, 10002, 10004, 10008}
INVALID_PARAMETER = 90001
NOT_FOUND_PHRASES = ("no such product", "no such order", "not found", "does not exist")

# Wish limits calls per merchant per app (all operations together) and publishes no numbers: one
# shared bucket per channel account, at a pace an order/listing sync needs. A 429's
# Wish-Rate-Limit-Reset says how long to wait when the real limit is tighter.
RATES: dict[str, Rate] = {}
DEFAULT_RATE = Rate(3, 20)
SHARED_BUCKET = "all"
# Every answer says how many calls are left in Wish's current window (Wish-Rate-Limit-Remaining):
# those, less WINDOW_RESERVE kept for order syncs and quantity pushes, go without waiting for the
# bucket above (a full-catalog publish spends the window instead of trickling at 3/s); the figure
# is trusted for WINDOW_ALLOWANCE_SECONDS, until the next answer replaces it or a 429 clears it.
WINDOW_RESERVE = 50
WINDOW_ALLOWANCE_SECONDS = 60.0

# Calls that would act twice if repeated after an unanswered attempt (PUTs replace, so they may).
NON_IDEMPOTENT_OPERATIONS = frozenset({"createProduct", "createVariation"})

ORDER_PAGE_SIZE = 100
ORDER_PAGE_SIZE_MAX = 500  # the most GET /orders returns in one page
MARKETPLACE = "wish"
DEFAULT_CURRENCY = "USD"
