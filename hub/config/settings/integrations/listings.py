"""Settings of the listings app (read from the environment through `env`)."""

from hub.config.settings.env import env

# Amazon: a job sending more listings than this to one marketplace uses one JSON_LISTINGS_FEED
# instead of single Listings Items calls (an account's listing settings may change it).
LISTINGS_AMAZON_FEED_THRESHOLD = env.int("LISTINGS_AMAZON_FEED_THRESHOLD", default=50)
# How long apply waits for a feed's processing report before leaving the job to be resumed.
LISTINGS_FEED_WAIT_SECONDS = env.float("LISTINGS_FEED_WAIT_SECONDS", default=900.0)
LISTINGS_FEED_POLL_SECONDS = env.float("LISTINGS_FEED_POLL_SECONDS", default=5.0)
# Quantity push: a stock change schedules a push this long after it; every change until then joins
# that batch (listings.services.quantity_push). The beat's tick is the backstop, on the same period.
LISTINGS_QUANTITY_DEBOUNCE_SECONDS = env.float("LISTINGS_QUANTITY_DEBOUNCE_SECONDS", default=10.0)
# The pushes' own queue: a worker serving it sends quantities while long publishes run.
LISTINGS_QUANTITY_QUEUE = "listings.quantity"
# Apply waits this long inside a call for the hub's own pacing (the marketplace's 429s are retried
# after their Retry-After, counted in the job as throttling waits).
LISTINGS_RATE_WAIT_SECONDS = env.float("LISTINGS_RATE_WAIT_SECONDS", default=60.0)
# A build waits this long for the pacing of an Amazon product type definition it has not cached
# (once per type and marketplace; a plan may run in a web request, so well under its timeout).
LISTINGS_DEFINITION_WAIT_SECONDS = env.float("LISTINGS_DEFINITION_WAIT_SECONDS", default=15.0)
# Image URLs marketplaces fetch are built on this origin (SITE_URL by default).
LISTINGS_MEDIA_ORIGIN = env("LISTINGS_MEDIA_ORIGIN", default="")
# One Celery queue per marketplace family; a worker serves them with -Q listings.amazon,...
LISTINGS_QUEUES = {"amazon": "listings.amazon", "aliexpress": "listings.aliexpress", "wish": "listings.wish"}

BEAT_SCHEDULE_LISTINGS = {
    "listings-tick": {"task": "listings.tick", "schedule": LISTINGS_QUANTITY_DEBOUNCE_SECONDS},
    "listings-fx-reprice": {"task": "listings.fx_reprice", "schedule": 15 * 60},
    "listings-resume-stale-jobs": {"task": "listings.resume_stale_jobs", "schedule": 120},
}
