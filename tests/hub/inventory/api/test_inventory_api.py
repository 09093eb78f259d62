import pytest

from hub.inventory.models import StockLevel, StockMovement, Warehouse
from hub.inventory.services import stock_adjust
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.factories.inventory import FbaWarehouseFactory, WarehouseFactory


@pytest.fixture
def variant(account):
    return VariantFactory(product=ProductFactory(account=account), sku="MUG-1")


@pytest.fixture
def warehouse(account):
    return WarehouseFactory(account=account, code="sz")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            {"code": "berlin", "name": "Berlin", "country": "DE", "city": "Berlin"},
            {"kind": "own", "fba_region": "", "country": "DE"},
            id="own",
        ),
        pytest.param(
            {"code": "fba-eu", "name": "FBA Europe", "kind": "fba", "fba_region": "EU"},
            {"kind": "fba", "fba_region": "EU", "country": ""},
            id="fba",
        ),
    ],
)
def test_create_warehouse(owner_client, api_url, body, expected):
    response = owner_client.post(api_url("inventory/warehouses/"), body, format="json")

    assert response.status_code == 201, response.json()
    assert {key: response.json()[key] for key in expected} == expected


KIND_MESSAGE = (
    "An FBA warehouse names its Amazon region (NA, EU, FE); an own warehouse names its country and no FBA region."
)


@pytest.mark.parametrize(
    ("body", "status", "fields"),
    [
        pytest.param({"code": "x", "name": "X"}, 400, {"non_field_errors": [KIND_MESSAGE]}, id="own-without-country"),
        pytest.param(
            {"code": "x", "name": "X", "kind": "fba"},
            400,
            {"non_field_errors": [KIND_MESSAGE]},
            id="fba-without-region",
        ),
        pytest.param(
            {"code": "x", "name": "X", "country": "de"},
            400,
            {"country": ["Use an ISO 3166-1 alpha-2 code such as DE or CN."]},
            id="lowercase-country",
        ),
        pytest.param(
            {"code": "x", "name": "X", "kind": "fba", "fba_region": "XX"},
            400,
            {"fba_region": ['"XX" is not a valid choice.']},
            id="unknown-region",
        ),
        pytest.param(
            {"code": "sz", "name": "Again", "country": "CN"}, 409, {"code": ["Already used."]}, id="duplicate-code"
        ),
    ],
)
def test_bad_warehouse_input(owner_client, api_url, warehouse, body, status, fields):
    response = owner_client.post(api_url("inventory/warehouses/"), body, format="json")

    assert response.status_code == status
    assert response.json()["fields"] == fields
    assert list(Warehouse.objects.values_list("code", flat=True)) == ["sz"]


def test_update_warehouse(owner_client, api_url, warehouse):
    response = owner_client.patch(api_url(f"inventory/warehouses/{warehouse.pk}/"), {"city": "Dongguan"}, format="json")

    assert response.status_code == 200
    warehouse.refresh_from_db()
    assert (warehouse.city, warehouse.country, warehouse.name) == ("Dongguan", "CN", "Warehouse sz")


def test_adjustment_writes_a_movement(owner_client, api_url, variant, warehouse):
    response = owner_client.post(
        api_url("inventory/adjustments/"),
        {
            "variant": variant.pk,
            "warehouse": warehouse.pk,
            "on_hand_change": 9,
            "reason": "receipt",
            "reference": "PO-1",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert {
        k: data[k]
        for k in (
            "variant",
            "sku",
            "warehouse_code",
            "on_hand_change",
            "on_hand_after",
            "reserved_after",
            "reason",
            "reference",
            "created_by",
        )
    } == {
        "variant": variant.pk,
        "sku": "MUG-1",
        "warehouse_code": "sz",
        "on_hand_change": 9,
        "on_hand_after": 9,
        "reserved_after": 0,
        "reason": "receipt",
        "reference": "PO-1",
        "created_by": owner_client.user.email,
    }
    assert StockLevel.objects.get(variant=variant).on_hand == 9


def test_same_idempotency_key_twice_writes_one_movement(owner_client, api_url, variant, warehouse):
    body = {"variant": variant.pk, "warehouse": warehouse.pk, "on_hand_change": 2, "idempotency_key": "scan-77"}

    first = owner_client.post(api_url("inventory/adjustments/"), body, format="json")
    second = owner_client.post(api_url("inventory/adjustments/"), body, format="json")

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert StockMovement.objects.filter(idempotency_key="scan-77").count() == 1
    assert StockLevel.objects.get(variant=variant).on_hand == 2


def test_a_count_that_changes_nothing_answers_204(owner_client, api_url, account, variant, warehouse):
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=4)

    response = owner_client.post(
        api_url("inventory/adjustments/"),
        {"variant": variant.pk, "warehouse": warehouse.pk, "set_on_hand": 4},
        format="json",
    )

    assert (response.status_code, response.content) == (204, b"")
    assert StockMovement.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param(
            {"set_on_hand": -1},
            {"set_on_hand": ["Ensure this value is greater than or equal to 0."]},
            id="negative-count",
        ),
        pytest.param({}, {"on_hand_change": ["Nothing to change."]}, id="nothing"),
        pytest.param(
            {"set_on_hand": 3, "on_hand_change": 1},
            {"set_on_hand": ["Give either set_on_hand or the changes, not both."]},
            id="both",
        ),
        pytest.param(
            {"on_hand_change": 1, "reason": "gift"}, {"reason": ['"gift" is not a valid choice.']}, id="unknown-reason"
        ),
        pytest.param(
            {"on_hand_change": "many"}, {"on_hand_change": ["A valid integer is required."]}, id="not-a-number"
        ),
        pytest.param(
            {"on_hand_change": 10**12},
            {"on_hand_change": ["Ensure this value is less than or equal to 2147483647."]},
            id="change-too-large",
        ),
        pytest.param(
            {"set_on_hand": 2**31},
            {"set_on_hand": ["Ensure this value is less than or equal to 2147483647."]},
            id="count-too-large",
        ),
    ],
)
def test_bad_adjustments_are_400(owner_client, api_url, variant, warehouse, body, fields):
    response = owner_client.post(
        api_url("inventory/adjustments/"), {"variant": variant.pk, "warehouse": warehouse.pk, **body}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == fields
    assert StockMovement.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"on_hand_change": 2**31 - 5}, "on_hand_change", id="on-hand"),
        pytest.param({"reserved_change": 2**31 - 5}, "reserved_change", id="reserved"),
    ],
)
def test_a_level_cannot_grow_past_its_column(owner_client, api_url, account, variant, warehouse, body, field):
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=10, reserved_change=10)

    response = owner_client.post(
        api_url("inventory/adjustments/"), {"variant": variant.pk, "warehouse": warehouse.pk, **body}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {field: ["A stock level holds at most 2147483647 units."]}
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved, StockMovement.objects.count()) == (10, 10, 1)


def test_removing_more_than_on_hand_is_a_conflict(owner_client, api_url, account, variant, warehouse):
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=2)

    response = owner_client.post(
        api_url("inventory/adjustments/"),
        {"variant": variant.pk, "warehouse": warehouse.pk, "on_hand_change": -3},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    assert response.json()["fields"] == {"on_hand_change": ["Only 2 on hand; cannot apply -3."]}
    assert StockLevel.objects.get(variant=variant).on_hand == 2
    assert StockMovement.objects.count() == 1


def test_transfer(owner_client, api_url, account, variant, warehouse):
    fba = FbaWarehouseFactory(account=account, code="fba-na")
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=5)

    response = owner_client.post(
        api_url("inventory/transfers/"),
        {"variant": variant.pk, "source": warehouse.pk, "destination": fba.pk, "quantity": 5, "reference": "FBA1"},
        format="json",
    )

    assert response.status_code == 201
    assert [(m["warehouse_code"], m["on_hand_change"], m["reason"]) for m in response.json()] == [
        ("sz", -5, "transfer_out"),
        ("fba-na", 5, "transfer_in"),
    ]
    assert dict(StockLevel.objects.values_list("warehouse__code", "on_hand")) == {"sz": 0, "fba-na": 5}


@pytest.mark.parametrize(
    ("quantity", "destination", "status", "fields"),
    [
        pytest.param(0, "other", 400, {"quantity": ["Ensure this value is greater than or equal to 1."]}, id="zero"),
        pytest.param(1, "same", 400, {"destination": ["Source and destination are the same warehouse."]}, id="same"),
        pytest.param(9, "other", 409, {"quantity": ["Only 5 on hand; cannot apply -9."]}, id="more-than-on-hand"),
    ],
)
def test_bad_transfers(owner_client, api_url, account, variant, warehouse, quantity, destination, status, fields):
    other = WarehouseFactory(account=account, code="other")
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=5)
    target = warehouse if destination == "same" else other

    response = owner_client.post(
        api_url("inventory/transfers/"),
        {"variant": variant.pk, "source": warehouse.pk, "destination": target.pk, "quantity": quantity},
        format="json",
    )

    assert response.status_code == status
    assert response.json()["fields"] == fields
    assert StockMovement.objects.count() == 1


def test_stock_levels_filters(owner_client, api_url, account, variant, warehouse):
    other_variant = VariantFactory(product=variant.product, sku="MUG-2")
    fba = FbaWarehouseFactory(account=account, code="fba-na")
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=10, reserved_change=8)
    stock_adjust(account=account, variant=other_variant, warehouse=warehouse, on_hand_change=4)
    stock_adjust(account=account, variant=variant, warehouse=fba, on_hand_change=30)

    def rows(query):
        response = owner_client.get(api_url("inventory/stock-levels/" + query))
        assert response.status_code == 200
        return [
            (r["sku"], r["warehouse_code"], r["on_hand"], r["reserved"], r["available"])
            for r in response.json()["results"]
        ]

    assert rows("") == [("MUG-1", "fba-na", 30, 0, 30), ("MUG-1", "sz", 10, 8, 2), ("MUG-2", "sz", 4, 0, 4)]
    assert rows("?available_below=3") == [("MUG-1", "sz", 10, 8, 2)]
    assert rows("?warehouse_code=fba-na") == [("MUG-1", "fba-na", 30, 0, 30)]
    assert rows("?sku=mug-2") == [("MUG-2", "sz", 4, 0, 4)]
    assert rows("?ordering=-on_hand") == [
        ("MUG-1", "fba-na", 30, 0, 30),
        ("MUG-1", "sz", 10, 8, 2),
        ("MUG-2", "sz", 4, 0, 4),
    ]


def test_stock_movements_filters(owner_client, api_url, account, variant, warehouse):
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=10, reason="receipt")
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=-1, reason="damage")
    stock_adjust(account=account, variant=variant, warehouse=warehouse, reserved_change=2, reason="reservation")

    def reasons(query):
        return [r["reason"] for r in owner_client.get(api_url("inventory/stock-movements/" + query)).json()["results"]]

    assert reasons("") == ["reservation", "damage", "receipt"]
    assert reasons("?reason=damage&reason=receipt") == ["damage", "receipt"]
    assert reasons("?sku=MUG-1&ordering=created_at") == ["receipt", "damage", "reservation"]
