"""Settings of the fulfilment app (read from the environment through `env`)."""

from decimal import Decimal

from hub.config.settings.env import env

# Each pull starts this long before the watermark, so a change committed late at the
# marketplace (its last-update time earlier than one we already saw) is not missed.
FULFILMENT_PULL_OVERLAP_SECONDS = env.int("FULFILMENT_PULL_OVERLAP_SECONDS", default=300)
# A pull waits this long inside a call for the hub's own pacing before its task retries later.
# Publishing shares the marketplace's rate bucket and waits for its tokens; a pull that only
# re-queued lost every token to it (starved for 9 attempts in make run) and, restarted from the
# watermark, re-spent every call it had made.
FULFILMENT_PULL_RATE_WAIT_SECONDS = env.float("FULFILMENT_PULL_RATE_WAIT_SECONDS", default=60.0)
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

# --- push: Amazon notifications (SP-API Notifications API -> SQS) ---------------------------------
# The queue Amazon delivers ORDER_CHANGE and FULFILLMENT_ORDER_STATUS to. Production: the real
# queue (https://sqs.<region>.amazonaws.com/<account>/<name>), with a redrive policy to a
# dead-letter queue and a policy letting Amazon's notifications account (437568002678) send to it;
# `make run`: a queue on the local moto server. Empty: no push, polling alone.
FULFILMENT_NOTIFICATIONS_QUEUE_URL = env("FULFILMENT_NOTIFICATIONS_QUEUE_URL", default="")
# Its ARN (the destination Amazon is given); empty: read from SQS (GetQueueAttributes QueueArn).
FULFILMENT_NOTIFICATIONS_QUEUE_ARN = env("FULFILMENT_NOTIFICATIONS_QUEUE_ARN", default="")
# Create the queue when it does not exist (the local SQS of `make run` and the tests; not production).
FULFILMENT_NOTIFICATIONS_CREATE_QUEUE = env.bool("FULFILMENT_NOTIFICATIONS_CREATE_QUEUE", default=False)
# Long poll: a receive waits up to this long for a message (SQS allows 0-20 s).
FULFILMENT_NOTIFICATIONS_WAIT_SECONDS = env.int("FULFILMENT_NOTIFICATIONS_WAIT_SECONDS", default=20)
# A message being handled is hidden this long; if the consumer dies, SQS delivers it again after.
FULFILMENT_NOTIFICATIONS_VISIBILITY_SECONDS = env.int("FULFILMENT_NOTIFICATIONS_VISIBILITY_SECONDS", default=120)
# A message that could not be handled now (marketplace throttled or down) comes back after this.
FULFILMENT_NOTIFICATIONS_RETRY_SECONDS = env.int("FULFILMENT_NOTIFICATIONS_RETRY_SECONDS", default=10)
# Receipts (one per NotificationId, for deduplication) are kept this many days.
FULFILMENT_NOTIFICATIONS_KEEP_DAYS = env.int("FULFILMENT_NOTIFICATIONS_KEEP_DAYS", default=14)
# boto3's SQS client: region and endpoint (AWS_SQS_ENDPOINT_URL only for a local SQS such as moto);
# credentials come from boto3's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, an instance
# or task role, ~/.aws).
AWS_SQS_REGION_NAME = env("AWS_SQS_REGION_NAME", default=env("AWS_DEFAULT_REGION", default="us-east-1"))
AWS_SQS_ENDPOINT_URL = env("AWS_SQS_ENDPOINT_URL", default="") or None

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
    # Subscriptions of Amazon accounts that have none yet (or lost them); receipts pruned.
    "fulfilment-notifications-setup": {
        "task": "fulfilment.tasks.notifications_setup_all_task",
        "schedule": 5 * 60,
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
