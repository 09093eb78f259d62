"""Settings of the fulfilment app (read from the environment through `env`)."""

from decimal import Decimal

from hub.config.settings.env import env

# Each pull starts this long before the watermark, so a change committed late at the
# marketplace (its last-update time earlier than one we already saw) is not missed.
FULFILMENT_PULL_OVERLAP_SECONDS = env.int("FULFILMENT_PULL_OVERLAP_SECONDS", default=300)
# A channel account's first pull looks back this far.
FULFILMENT_INITIAL_LOOKBACK_DAYS = env.int("FULFILMENT_INITIAL_LOOKBACK_DAYS", default=30)
# Seconds between beat pulls of every enabled channel account (the safety net under notifications).
FULFILMENT_PULL_INTERVAL_SECONDS = env.int("FULFILMENT_PULL_INTERVAL_SECONDS", default=120)
# Marketplace fee estimate (percent of the order total) when neither the marketplace reports the
# fee nor the account has a fee rule: Amazon's referral fee for most categories (15 %), AliExpress's
# commission (8 %), Wish's revenue share (15 %).
FULFILMENT_DEFAULT_FEE_PERCENT = {
    "amazon": Decimal("15"),
    "aliexpress": Decimal("8"),
    "wish": Decimal("15"),
}
# Tracking outbox: attempts before a push is parked as failed (a person looks at it), and the
# seconds between attempts (doubled each time, capped).
FULFILMENT_PUSH_MAX_ATTEMPTS = env.int("FULFILMENT_PUSH_MAX_ATTEMPTS", default=12)
FULFILMENT_PUSH_BACKOFF_SECONDS = env.int("FULFILMENT_PUSH_BACKOFF_SECONDS", default=30)

BEAT_SCHEDULE_FULFILMENT = {
    "fulfilment-orders-pull": {
        "task": "fulfilment.tasks.orders_pull_all_task",
        "schedule": FULFILMENT_PULL_INTERVAL_SECONDS,
    },
    "fulfilment-inbound-pull": {
        "task": "fulfilment.tasks.inbound_pull_all_task",
        "schedule": 30 * 60,
    },
    "fulfilment-follow": {
        "task": "fulfilment.tasks.fulfilment_follow_task",
        "schedule": 60,
    },
}

# Carrier names differ per marketplace: what FBA (or a warehouse) calls a carrier → what the
# marketplace that gets the tracking number calls it. Names not listed are sent as they are.
FULFILMENT_CARRIER_NAMES = {
    "wish": {
        "FEDEX": "FedEx",
        "ROYAL_MAIL": "RoyalMail",
        "CANADA_POST": "CanadaPost",
        "AUSTRALIA_POST": "AustraliaPost",
        "DEUTSCHE_POST": "DeutschePost",
        "COLISSIMO": "LaPoste",
        "LA_POSTE": "LaPoste",
        "CORREOS": "Correos",
        "POSTNL": "PostNL",
        "YANWEN": "YanWen",
        "YUNEXPRESS": "YunExpress",
    },
    "aliexpress": {
        "FEDEX": "FEDEX_IE",
        "CORREOS": "SPAIN_LOCAL_CORREOS",
        "YANWEN": "YANWEN_JYT",
    },
}
