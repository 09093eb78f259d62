"""manage.py listings plan|apply|status [--account A] [--channel-account N] [--marketplace M]
[--sku S] [--all] [--json]

plan    builds the desired state of what changed in the selection (--rebuild: all of it) and prints
        what apply would do
apply   builds, plans and runs the work as a publish job (in this process, or --queue for the workers)
status  one row per listing (with --json: one JSON array, one object per listing)
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from hub.accounts.models import SellerAccount
from hub.core.exceptions import ApplicationError
from listings.selectors import job_progress, listing_list, listing_status_row
from listings.services.apply import publish_job_create, publish_job_run
from listings.services.build import Selection, listings_build
from listings.services.plan import plan_build
from listings.services.selection import selection_validate


class Command(BaseCommand):
    help = "Plan, apply and show marketplace listings."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["plan", "apply", "status"])
        parser.add_argument("--account", action="append", default=[], help="Seller account id or name (repeatable).")
        parser.add_argument("--channel-account", action="append", type=int, default=[], dest="channel_accounts")
        parser.add_argument("--marketplace", action="append", default=[], dest="marketplaces")
        parser.add_argument("--sku", action="append", default=[], dest="skus")
        parser.add_argument("--all", action="store_true", help="Every account (needed without --account).")
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument("--queue", action="store_true", help="apply: queue the job for the workers and return.")
        parser.add_argument("--no-build", action="store_true", help="plan/apply: use the stored desired state.")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="plan/apply: rebuild every listing of the selection (default: only those whose inputs changed).",
        )

    def _accounts(self, options) -> list[SellerAccount]:
        if options["all"]:
            return list(SellerAccount.objects.order_by("pk"))
        if not options["account"]:
            raise CommandError("Name an account with --account, or pass --all.")
        accounts = []
        for ref in options["account"]:
            found = (
                SellerAccount.objects.filter(pk=int(ref)).first()
                if ref.isdigit()
                else SellerAccount.objects.filter(name=ref).first()
            )
            if found is None:
                raise CommandError(f"No seller account {ref!r}.")
            accounts.append(found)
        return accounts

    def handle(self, *args, **options):
        rows: list = []
        for account in self._accounts(options):
            selection = Selection(
                channel_accounts=options["channel_accounts"],
                marketplaces=options["marketplaces"],
                skus=options["skus"],
            )
            try:
                if options["all"] and options["channel_accounts"]:
                    selection.channel_accounts = [
                        pk for pk in options["channel_accounts"] if account.channel_accounts.filter(pk=pk).exists()
                    ]
                    if not selection.channel_accounts:
                        continue
                selection_validate(account=account, selection=selection)
                rows.extend(getattr(self, "_" + options["action"])(account, selection, options))
            except ApplicationError as error:
                raise CommandError(f"{error.message} {error.fields or ''}".strip()) from error
        if options["as_json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1, default=str))

    def _plan(self, account, selection, options):
        if not options["no_build"]:
            summary = listings_build(account=account, selection=selection, changed_only=not options["rebuild"])
            if not options["as_json"]:
                self.stdout.write(f"{account.name}: built {summary.listings} listings in {summary.seconds:.1f} s")
        plan = plan_build(account=account, selection=selection)
        if not options["as_json"]:
            counts = ", ".join(f"{action} {count}" for action, count in sorted(plan.counts.items()))
            self.stdout.write(f"{account.name}: {counts}; {plan.calls} marketplace calls; feeds {plan.feed_markets}")
            for entry in plan.entries:
                if entry.blocking:
                    self.stdout.write(f"  blocked {entry.sku}@{entry.marketplace_id}: {entry.blocking[0]['message']}")
        return [
            {
                "account": account.pk,
                "kind": entry.kind,
                "sku": entry.sku,
                "family": entry.family,
                "channel_account": entry.channel_account,
                "marketplace": entry.marketplace_id,
                "action": entry.action if not entry.blocking else "blocked",
                "calls": entry.calls,
                "blocking": entry.blocking,
            }
            for entry in plan.entries
        ]

    def _apply(self, account, selection, options):
        job = publish_job_create(
            account=account,
            selection=selection,
            build=not options["no_build"],
            rebuild=options["rebuild"],
            enqueue=options["queue"],
        )
        if not options["queue"]:
            for family in sorted(set(job.items.values_list("family", flat=True))):
                publish_job_run(job.pk, family)
            job.refresh_from_db()
        progress = job_progress(job)
        if not options["as_json"]:
            self.stdout.write(
                f"{account.name}: job {job.pk} {job.status}: {job.done} done, {job.failed} failed, "
                f"{job.remaining} remaining of {job.total}"
            )
        return [progress]

    def _status(self, account, selection, options):
        rows = [listing_status_row(listing) for listing in listing_list(account=account, selection=selection)]
        if not options["as_json"]:
            for row in rows:
                issues = "; ".join(i["message"] for i in row["issues"] if i.get("blocking"))[:80]
                quantity = row["quantity"] if row["quantity"] is not None else "-"
                self.stdout.write(
                    f"{row['sku']:<28} {row['family']:<10} {row['marketplace']:<15} {row['status']:<10} "
                    f"{row['price'] or '-':>10} {row['currency']:<3} {quantity:>5} "
                    f"{row['external_id'] or '-':<18} {issues}"
                )
        return rows
