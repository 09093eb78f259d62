from django.core.management.base import BaseCommand, CommandError

from hub.accounts.models import SellerAccount
from infra.demo.channels import channel_accounts_connect_sandboxes


class Command(BaseCommand):
    help = "Connect a seller account to the bundled marketplace sandboxes (one channel account per marketplace)."

    def add_arguments(self, parser):
        parser.add_argument("account", type=int, help="seller account id")

    def handle(self, *args, **options):
        account = SellerAccount.objects.filter(pk=options["account"]).first()
        if account is None:
            raise CommandError(f"No seller account {options['account']}.")
        for channel_account in channel_accounts_connect_sandboxes(account=account):
            urls = ", ".join(f"{k}={v}" for k, v in channel_account.base_urls.items())
            self.stdout.write(f"{channel_account.name}: {urls}")
