"""Amazon SP-API constants: endpoints, and the usage plan (rate per second, burst) of every
operation we call, as published in each operation's "Usage Plan" table in Amazon's API models."""

from channels.ratelimit import Rate

# Real endpoints per SP-API region; the account's base_urls["sp_api"] overrides (sandboxes).
SP_API_ENDPOINTS = {
    "NA": "https://sellingpartnerapi-na.amazon.com",
    "EU": "https://sellingpartnerapi-eu.amazon.com",
    "FE": "https://sellingpartnerapi-fe.amazon.com",
}
AWS_REGIONS = {"NA": "us-east-1", "EU": "eu-west-1", "FE": "us-west-2"}
LWA_URL = "https://api.amazon.com"
LWA_TOKEN_PATH = "/auth/o2/token"

DEFAULT_BASE_URLS = {"sp_api": "", "lwa": LWA_URL}  # empty sp_api: the marketplace's region endpoint

CREDENTIAL_FIELDS = ("lwa_app_id", "lwa_client_secret", "refresh_token")
SECRET_FIELDS = ("lwa_client_secret", "refresh_token")

LWA_OPERATION = "lwaToken"
# Calls that would act twice if repeated after an unanswered attempt (a second feed, a duplicate
# package confirmation, an MCF order refused as a duplicate though the first one exists).
NON_IDEMPOTENT_OPERATIONS = frozenset({"createFeed", "confirmShipment", "createFulfillmentOrder"})
DOCUMENT_UPLOAD = "uploadFeedDocument"
DOCUMENT_DOWNLOAD = "downloadDocument"

RATES: dict[str, Rate] = {
    # Listings Items 2021-08-01
    "putListingsItem": Rate(5, 10),
    "patchListingsItem": Rate(5, 5),
    "deleteListingsItem": Rate(5, 5),
    "getListingsItem": Rate(5, 10),
    "searchListingsItems": Rate(5, 5),
    # Orders 2026-01-01 and v0
    "searchOrders": Rate(0.0056, 20),
    "getOrder": Rate(0.5, 30),
    "getOrderItems": Rate(0.5, 30),
    "confirmShipment": Rate(2, 10),
    # Fulfillment Outbound 2020-07-01: every operation 2 / 30
    "getFulfillmentPreview": Rate(2, 30),
    "createFulfillmentOrder": Rate(2, 30),
    "getFulfillmentOrder": Rate(2, 30),
    "cancelFulfillmentOrder": Rate(2, 30),
    "listAllFulfillmentOrders": Rate(2, 30),
    # FBA Inventory v1
    "getInventorySummaries": Rate(2, 2),
    # Fulfillment Inbound v0
    "getShipments": Rate(2, 30),
    "getShipmentItemsByShipmentId": Rate(2, 30),
    # Feeds 2021-06-30
    "getMarketplaceParticipations": Rate(0.016, 15),
    "createFeedDocument": Rate(0.5, 15),
    "createFeed": Rate(0.0083, 15),
    "getFeed": Rate(2, 15),
    "getFeedDocument": Rate(0.0222, 10),
    # Tokens 2021-03-01
    "createRestrictedDataToken": Rate(1, 10),
    # Notifications v1: every operation 1 / 5
    "getDestinations": Rate(1, 5),
    "createDestination": Rate(1, 5),
    "getSubscription": Rate(1, 5),
    "createSubscription": Rate(1, 5),
    "deleteSubscriptionById": Rate(1, 5),
    "deleteDestination": Rate(1, 5),
    # Product Type Definitions 2020-09-01
    "getDefinitionsProductType": Rate(5, 10),
    "searchDefinitionsProductTypes": Rate(5, 10),
}
# Calls that are not SP-API operations (token, S3-style document transfers) are not paced.
DEFAULT_RATE = Rate(1, 5)

FEED_TYPE_LISTINGS = "JSON_LISTINGS_FEED"
FEED_CONTENT_TYPE = "application/json; charset=UTF-8"
LISTINGS_API_VERSION = "2021-08-01"
FEED_DONE_STATUSES = {"DONE", "FATAL", "CANCELLED"}

# The canonical condition word -> Amazon's condition_type value.
CONDITIONS = {"new": "new_new", "used": "used_good", "refurbished": "refurbished_refurbished"}
