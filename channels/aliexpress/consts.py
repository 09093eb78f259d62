"""AliExpress Open Platform (IOP) constants."""

from datetime import timedelta, timezone

from channels.ratelimit import Rate

GATEWAY_URL = "https://api-sg.aliexpress.com"
SYNC_PATH = "/sync"  # business ("TOP protocol") APIs: method=aliexpress.x.y
REST_PATH = "/rest"  # system APIs addressed by path, e.g. /rest/auth/token/refresh
DEFAULT_BASE_URLS = {"gateway": GATEWAY_URL}

CREDENTIAL_FIELDS = ("app_key", "app_secret", "access_token", "refresh_token")
SECRET_FIELDS = ("app_secret", "access_token", "refresh_token")

# Calls that would act twice if repeated after an unanswered attempt (every /sync call is a POST,
# reads included, so the method name decides).
NON_IDEMPOTENT_OPERATIONS = frozenset(
    {"aliexpress.solution.product.post", "aliexpress.solution.feed.submit", "aliexpress.solution.order.fulfill"}
)

SIGN_METHOD = "sha256"
TOKEN_REFRESH_PATH = "/auth/token/refresh"

# Order query and order times are US Pacific time strings without an offset. The API docs say
# "Pacific Standard Time"; we use the fixed UTC-8 offset, and widen every "changed since" window
# by an hour so a reading with daylight saving (UTC-7) cannot hide an order either.
PACIFIC = timezone(timedelta(hours=-8), "PST")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
ORDER_WINDOW_OVERLAP = timedelta(hours=1)
ORDER_PAGE_SIZE = 50

BATCH_MAX_PRODUCTS = 20  # batch price / inventory update: at most 20 products per call
OFFLINE_MAX_PRODUCTS = 50

# The platform publishes per-app and per-API quotas but no numbers per seller; these are our
# conservative plan per (channel account, method).
RATES: dict[str, Rate] = {}
DEFAULT_RATE = Rate(5, 10)

# Error codes on the wire.
TOKEN_ERRORS = {"IllegalAccessToken", "InvalidAccessToken", "AccessTokenExpired", "InvalidSession", "SessionExpired"}
CREDENTIAL_ERRORS = {
    "IncompleteSignature",
    "InvalidSignature",
    "IllegalAppKey",
    "InvalidAppKey",
    "AppKeyNotExist",
    "IllegalRefreshToken",
    "InvalidRefreshToken",
    "InsufficientIsvPermissions",
    "InsufficientUserPermissions",
}
# Throttling, as documented: IOP answers `ApiCallLimit`, the older TOP gateway code 7 "App Call
# Limited"; both with an accesscontrol.limited-by-* sub code and "This ban will last for N more
# seconds". Nothing else is a throttle: a code that merely contains "limit" (a product or SKU
# count limit, an exhausted quota) or a permission error is refused again when repeated.
THROTTLE_ERRORS = {"ApiCallLimit", "7"}
THROTTLE_SUB_ERRORS = {
    "accesscontrol.limited-by-app-access-count",
    "accesscontrol.limited-by-api-access-count",
    "accesscontrol.limited-by-app-api-access-count",
}
NOT_FOUND_ERRORS = {"ProductNotFound", "OrderNotFound", "NotFound", "JobNotFound"}

# Canonical feed operations -> AliExpress feed operation types.
FEED_TYPES = {"UPDATE": "PRODUCT_FULL_UPDATE", "CREATE": "PRODUCT_CREATE"}
DEFAULT_CURRENCY = "USD"
