"""`manage.py orders pull|status [--account] [--channel-account] [--since] [--json]`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from channels.models import ChannelAccount
from fulfilment.selectors import order_status_rows
from fulfilment.services.pull import orders_pull


class Command(BaseCommand):
    help = "Pull orders from the marketplaces now, or print the orders' status."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("action", choices=["pull", "status", "push"])
        parser.add_argument("--account", type=int, help="Seller account id.")
        parser.add_argument("--channel-account", type=int, help="Channel account id.")
        parser.add_argument("--since", help="ISO date-time; pull (or list changes) from then instead of the watermark.")
        parser.add_argument("--json", action="store_true", help="Machine-readable output.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        since = None
        if options["since"]:
            since = parse_datetime(options["since"])
            if since is None:
                raise CommandError("--since must be an ISO date-time, e.g. 2026-11-01T00:00:00Z.")
        if options["action"] == "pull":
            return self._pull(options, since)
        if options["action"] == "push":
            return self._push(options)
        rows = order_status_rows(
            account_id=options["account"], channel_account_id=options["channel_account"], since=since
        )
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            fulfilment = row["fulfilment"]
            self.stdout.write(
                f"{row['family']:<10} {row['marketplace']:<15} {row['order_id']:<22} {row['status']:<18} "
                f"{row['total']:>10} {row['currency']} → {row['base_total'] or 'unconverted':>10} "
                f"{fulfilment['network'] or '-'}:{fulfilment['warehouse'] or '-'} "
                f"tracking={'yes' if row['tracking_pushed'] else 'no'}"
            )

    def _pull(self, options, since):  # type: ignore[no-untyped-def]
        accounts = ChannelAccount.objects.select_related("account").order_by("pk")
        if options["account"]:
            accounts = accounts.filter(account_id=options["account"])
        if options["channel_account"]:
            accounts = accounts.filter(pk=options["channel_account"])
        accounts = accounts.exclude(credentials_encrypted="")
        if not accounts.exists():
            raise CommandError("No channel account matches.")
        summaries = []
        for channel_account in accounts:
            summary = orders_pull(channel_account=channel_account, since=since, wait_seconds=30)
            summaries.append(summary.as_dict())
            if not options["json"]:
                self.stdout.write(
                    f"{channel_account.name}: {summary.seen} orders seen on {summary.pages} pages "
                    f"({summary.created} new, {summary.changed} changed)"
                )
        if options["json"]:
            self.stdout.write(json.dumps(summaries))

    def _push(self, options):  # type: ignore[no-untyped-def]
        """Send every pending tracking push now (what the beat round queues as tasks)."""
        from fulfilment.models import PushState, TrackingPush
        from fulfilment.services.tracking import tracking_push_send

        pushes = TrackingPush.objects.filter(state=PushState.PENDING).order_by("pk")
        if options["account"]:
            pushes = pushes.filter(order__account_id=options["account"])
        if options["channel_account"]:
            pushes = pushes.filter(order__channel_account_id=options["channel_account"])
        failed = 0
        for pk in list(pushes.values_list("pk", flat=True)):
            try:
                state = tracking_push_send(push_pk=pk)
            except Exception as error:
                failed += 1
                self.stderr.write(f"push {pk}: {error}")
                continue
            self.stdout.write(f"push {pk}: {state}")
        if failed:
            raise CommandError(f"{failed} push(es) will be tried again.")
