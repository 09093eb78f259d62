import factory

from hub.inventory.models import FbaRegion, Warehouse, WarehouseKind
from tests.factories.accounts import SellerAccountFactory


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    account = factory.SubFactory(SellerAccountFactory)
    code = factory.Sequence(lambda n: f"wh{n}")
    name = factory.LazyAttribute(lambda w: f"Warehouse {w.code}")
    kind = WarehouseKind.OWN
    country = "CN"
    city = "Shenzhen"


class FbaWarehouseFactory(WarehouseFactory):
    kind = WarehouseKind.FBA
    fba_region = FbaRegion.NORTH_AMERICA
    country = ""
