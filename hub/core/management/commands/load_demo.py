from django.core.management.base import BaseCommand

from infra.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo seller (a login per role, ~200 products with stock in three warehouses)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the demo seller exists.")

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout, if_empty=options["if_empty"])
