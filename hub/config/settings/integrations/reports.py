"""Settings of the revenue reports (fulfilment/reports)."""

from hub.config.settings.env import env

# Seconds between syncs of the revenue facts with the orders (reports are current within a minute).
REPORTS_SYNC_INTERVAL_SECONDS = env.int("REPORTS_SYNC_INTERVAL_SECONDS", default=30)

BEAT_SCHEDULE_REPORTS = {
    "reports-revenue-facts-sync": {
        "task": "fulfilment.reports.tasks.revenue_facts_sync_task",
        "schedule": REPORTS_SYNC_INTERVAL_SECONDS,
    },
}
