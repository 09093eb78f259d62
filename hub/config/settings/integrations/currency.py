"""Settings of the currency app (read from the environment through `env`)."""

from celery.schedules import crontab

from hub.config.settings.env import env

# Rate providers, asked in this order for every pair (see currency/providers/__init__.py).
CURRENCY_PROVIDERS = env.list("CURRENCY_PROVIDERS", default=["manual", "ecb", "peg", "forex_python"])
# Pairs no provider has directly are tried through these currencies (CNY → USD → AED).
CURRENCY_PIVOTS = env.list("CURRENCY_PIVOTS", default=["EUR", "USD"])
# A conversion is refused when the newest usable rate is older than this many days before the
# requested date. 7 covers the longest ECB gap (Easter, Christmas: 4 days) with room to spare.
CURRENCY_MAX_RATE_AGE_DAYS = env.int("CURRENCY_MAX_RATE_AGE_DAYS", default=7)

# ECB reference rates. The daily refresh reads this file; pointing it at eurofxref-hist-90d.xml
# back-fills the last 90 days instead.
CURRENCY_ECB_DAILY_URL = env(
    "CURRENCY_ECB_DAILY_URL", default="https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
)
CURRENCY_ECB_TIMEOUT_SECONDS = env.float("CURRENCY_ECB_TIMEOUT_SECONDS", default=10.0)

# forex-python's own service (theratesapi.com) has been down since mid-2025, so the provider is
# off until a URL is given: a service with forex-python's API, e.g. https://theratesapi.com/api/.
CURRENCY_FOREX_PYTHON_URL = env("CURRENCY_FOREX_PYTHON_URL", default="")
CURRENCY_FOREX_PYTHON_TIMEOUT_SECONDS = env.float("CURRENCY_FOREX_PYTHON_TIMEOUT_SECONDS", default=5.0)

# The ECB publishes around 16:00 CET on TARGET working days; refresh after that, Monday to Friday.
BEAT_SCHEDULE_CURRENCY = {
    "currency-exchange-rates-refresh": {
        "task": "currency.tasks.exchange_rates_refresh",
        "schedule": crontab(minute=30, hour=16, day_of_week="mon-fri"),
    },
}
HEALTH_CHECKS_CURRENCY = ["currency.health.check_rates_fresh"]
