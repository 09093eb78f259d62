from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from currency.models import ExchangeRate, PriceRoundingRule
from hub.accounts.roles import Role
from tests.currency.test_parsers import DAILY_XML, HIST_CSV
from tests.factories.accounts import UserFactory

CONVERT = "/api/currency/convert"
RATES = "/api/currency/rates/"


@pytest.fixture
def superuser_client(db):
    user = UserFactory(is_superuser=True, is_staff=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.user = user
    return client


@pytest.fixture
def reader(member_client):
    return member_client(Role.TRANSLATOR)


def csv_file(text: str, name: str = "rates.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


# --- convert -------------------------------------------------------------------------------------
def test_convert_answers_amount_rate_day_source_and_legs(ecb_rates, reader):
    response = reader.get(CONVERT, {"amount": "1000", "from": "CNY", "to": "JPY", "date": "2024-03-16"})
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("amount", "currency", "rate", "rate_date", "source", "requested_date")} == {
        "amount": "20672",
        "currency": "JPY",
        "rate": "20.6723653993",
        "rate_date": "2024-03-15",
        "source": "ecb",
        "requested_date": "2024-03-16",
    }
    assert (body["purpose"], body["rounding"]) == ("report", "ROUND_HALF_EVEN")
    assert [(leg["from"], leg["to"], leg["rate"], leg["inverted"]) for leg in body["legs"]] == [
        ("CNY", "EUR", "7.838", True),
        ("EUR", "JPY", "162.03", False),
    ]
    assert (
        reader.get(CONVERT + "/", {"amount": "1", "from": "EUR", "to": "USD", "date": "2024-03-15"}).json()["amount"]
        == "1.09"
    )


def test_convert_purpose_changes_only_the_rounding(ecb_rates, reader):
    # 12.345 EUR × 1.0892 = 13.446174 → 13.45 either way; 0.5 EUR × 162.03 = 81.015 JPY → 81.
    query = {"amount": "0.5", "from": "EUR", "to": "JPY", "date": "2024-03-15"}
    assert reader.get(CONVERT, {**query, "purpose": "listing_price"}).json()["amount"] == "81"
    assert reader.get(CONVERT, {**query, "purpose": "cost_floor"}).json()["amount"] == "82"


def test_convert_with_an_account_uses_its_manual_rates_after_checking_membership(
    ecb_rates, member_client, account, other_account
):
    owner = member_client(Role.OWNER)
    created = owner.post(
        f"/api/accounts/{account.pk}/currency/rates/",
        {"date": "2024-03-15", "base": "USD", "quote": "KWD", "rate": "0.3075"},
        format="json",
    )
    assert created.status_code == 201
    query = {"amount": "100", "from": "USD", "to": "KWD", "date": "2024-03-15"}
    assert owner.get(CONVERT, {**query, "account": account.pk}).json()["amount"] == "30.750"
    assert owner.get(CONVERT, {**query, "account": other_account.pk}).status_code == 404
    refused = owner.get(CONVERT, query)
    assert refused.status_code == 400
    assert refused.json()["code"] == "rate_not_found"


def test_convert_refusals_name_the_pair_and_the_day(ecb_rates, reader):
    response = reader.get(CONVERT, {"amount": "10", "from": "USD", "to": "EUR", "date": "2024-05-01"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rate_stale"
    assert body["message"].startswith("The newest USD→EUR rate for 2024-05-01 is from 2024-04-05 (ecb)")
    assert body["extra"]["newest_rate_date"] == "2024-04-05"


def test_convert_bad_input_names_the_fields(db, reader):
    response = reader.get(CONVERT, {"amount": "ten", "from": "XYZ", "purpose": "cheap"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"amount", "from", "to", "purpose"}


@pytest.mark.parametrize(
    ("amount", "status"),
    [
        pytest.param("999999999999999", 400, id="15-integer-digits"),
        pytest.param("99999999999999", 200, id="14-integer-digits-the-limit"),
    ],
)
def test_convert_counts_integer_digits(ecb_rates, reader, amount, status):
    response = reader.get(CONVERT, {"amount": amount, "from": "EUR", "to": "EUR", "date": "2024-03-15"})

    assert response.status_code == status
    if status == 400:
        assert response.json()["fields"] == {"amount": ["At most 14 digits before the point."]}
    else:
        assert Decimal(response.json()["amount"]) == Decimal(amount)


def test_convert_needs_a_login(db, anonymous_client):
    assert anonymous_client.get(CONVERT, {"amount": "1", "from": "EUR", "to": "USD"}).status_code == 401


# --- global rates --------------------------------------------------------------------------------
def test_rate_list_filters_orders_and_pages(ecb_rates, reader):
    response = reader.get(RATES, {"quote": "usd", "date_from": "2024-03-14", "date_to": "2024-03-18"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [(row["date"], row["rate"]) for row in body["results"]] == [
        ("2024-03-18", "1.0892"),
        ("2024-03-15", "1.0892"),
        ("2024-03-14", "1.0925"),
    ]
    pegs = reader.get(RATES, {"source": "peg", "ordering": "quote"}).json()
    assert [row["quote"] for row in pegs["results"]] == ["AED", "BHD", "OMR", "QAR", "SAR"]
    paged = reader.get(RATES, {"currency": "JPY", "page_size": 5}).json()
    # 2024-03-01 … 2024-04-05 has 24 ECB days: 21 weekdays in March less Good Friday, then 2–5 April.
    assert (paged["count"], len(paged["results"])) == (24, 5)


def test_rate_list_hides_account_rates(db, member_client, account, reader):
    member_client(Role.OWNER).post(
        f"/api/accounts/{account.pk}/currency/rates/",
        {"date": "2024-03-15", "base": "USD", "quote": "KWD", "rate": "0.3075"},
        format="json",
    )
    assert reader.get(RATES, {"quote": "KWD"}).json()["count"] == 0


def test_only_superusers_write_system_rates(db, reader, superuser_client):
    payload = {"date": "2024-03-15", "base": "USD", "quote": "EGP", "rate": "30.9", "note": "bank"}
    assert reader.post(RATES, payload, format="json").status_code == 403
    created = superuser_client.post(RATES, payload, format="json")
    assert created.status_code == 201
    assert {key: created.json()[key] for key in ("rate", "source", "account")} == {
        "rate": "30.9",
        "source": "manual",
        "account": None,
    }
    again = superuser_client.post(RATES, payload, format="json")
    assert (again.status_code, again.json()["code"]) == (400, "duplicate")
    assert reader.delete(f"{RATES}{created.json()['id']}/").status_code == 403
    assert superuser_client.delete(f"{RATES}{created.json()['id']}/").status_code == 204
    assert not ExchangeRate.objects.filter(quote="EGP").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"date": "2024-03-15", "base": "USD", "quote": "USD", "rate": "1"}, "quote"),
        ({"date": "2024-03-15", "base": "USD", "quote": "EGP", "rate": "-1"}, "rate"),
        ({"date": "2999-01-01", "base": "USD", "quote": "EGP", "rate": "30"}, "date"),
        ({"date": "2024-03-15", "base": "USD", "quote": "EGP", "rate": "30", "source": "ecb"}, "source"),
        ({"date": "2024-03-15", "base": "US", "quote": "EGP", "rate": "30"}, "base"),
    ],
    ids=["same-currency", "negative", "future", "ecb-by-hand", "bad-code"],
)
def test_bad_rates_are_refused_per_field(db, superuser_client, payload, field):
    response = superuser_client.post(RATES, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not ExchangeRate.objects.filter(quote="EGP").exists()


def test_superuser_uploads_an_ecb_file_and_a_peg_csv(db, superuser_client, reader):
    upload = superuser_client.post(
        f"{RATES}upload/", {"file": csv_file(HIST_CSV, "eurofxref-hist.csv")}, format="multipart"
    )
    assert upload.status_code == 201
    assert {key: upload.json()[key] for key in ("source", "parsed", "created", "skipped")} == {
        "source": "ecb",
        "parsed": 6,
        "created": 6,
        "skipped": 0,
    }
    xml = SimpleUploadedFile("eurofxref-daily.xml", DAILY_XML, content_type="text/xml")
    assert superuser_client.post(f"{RATES}upload/", {"file": xml}, format="multipart").json()["skipped"] == 2
    pegs = superuser_client.post(
        f"{RATES}upload/",
        {"file": csv_file("date,base,quote,rate\n2024-01-01,USD,JOD,0.709\n"), "source": "peg"},
        format="multipart",
    )
    assert pegs.json()["created"] == 1
    assert ExchangeRate.objects.get(quote="JOD").source == "peg"
    assert reader.post(f"{RATES}upload/", {"file": csv_file(HIST_CSV)}, format="multipart").status_code == 403


def test_a_bad_upload_answers_400_with_rows_and_writes_nothing(db, superuser_client):
    before = ExchangeRate.objects.count()
    text = "Date,USD,JPY,\n2024-03-15,1.0892,162.03,\n2024-03-14,1.0925,x,\n2024-13-01,1,1,\n"
    response = superuser_client.post(f"{RATES}upload/", {"file": csv_file(text)}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bad_rate_file"
    assert body["extra"]["rows"] == [
        {"row": 3, "column": "JPY", "message": "'x' is not a number."},
        {"row": 4, "column": "Date", "message": "'2024-13-01' is not a date (YYYY-MM-DD or '30 October 2026')."},
    ]
    assert ExchangeRate.objects.count() == before


def test_uploads_over_the_size_limit_are_refused(db, superuser_client, settings):
    settings.UPLOAD_MAX_BYTES = 10
    response = superuser_client.post(f"{RATES}upload/", {"file": csv_file(HIST_CSV)}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["fields"]


# --- account rates -------------------------------------------------------------------------------
def test_account_rates_owners_write_members_read_others_404(db, member_client, account, other_account, api_url):
    owner, catalog = member_client(Role.OWNER), member_client(Role.CATALOG)
    url = api_url("currency/rates/")
    payload = {"date": "2024-03-15", "base": "KWD", "quote": "USD", "rate": "3.252"}
    assert catalog.post(url, payload, format="json").status_code == 403
    created = owner.post(url, payload, format="json")
    assert created.status_code == 201
    assert created.json()["account"] == account.pk
    assert [row["rate"] for row in catalog.get(url).json()["results"]] == ["3.252"]
    stranger = member_client(Role.OWNER, target=other_account)
    assert stranger.get(url).status_code == 404
    assert stranger.get(f"{url}{created.json()['id']}/").status_code == 404
    assert stranger.get(api_url("currency/rates/", target=other_account)).json()["count"] == 0
    peg = owner.post(url, {**payload, "date": "2024-03-14", "source": "peg"}, format="json")
    assert peg.status_code == 201 and peg.json()["source"] == "manual"  # accounts enter manual rates only
    assert catalog.delete(f"{url}{created.json()['id']}/").status_code == 403
    assert owner.delete(f"{url}{created.json()['id']}/").status_code == 204


def test_account_upload_refuses_changed_rates_and_accepts_repeats(db, member_client, account, api_url):
    owner = member_client(Role.OWNER)
    url = api_url("currency/rates/upload/")
    text = "date,base,quote,rate,note\n2024-03-15,KWD,USD,3.252,bank\n2024-03-15,USD,SAR,3.7502,\n"
    first = owner.post(url, {"file": csv_file(text)}, format="multipart")
    assert (first.status_code, first.json()["created"]) == (201, 2)
    again = owner.post(url, {"file": csv_file(text)}, format="multipart")
    assert (again.json()["created"], again.json()["skipped"]) == (0, 2)
    changed = owner.post(url, {"file": csv_file(text.replace("3.7502", "3.7510"))}, format="multipart")
    assert changed.status_code == 400
    assert changed.json()["extra"]["rows"] == [
        {
            "row": 3,
            "column": "rate",
            "message": "USD/SAR on 2024-03-15 is stored as 3.7502; delete it before importing a different rate.",
        }
    ]
    assert list(ExchangeRate.objects.filter(account=account).values_list("quote", "rate").order_by("quote")) == [
        ("SAR", Decimal("3.7502")),
        ("USD", Decimal("3.252")),
    ]
    ecb = owner.post(url, {"file": csv_file(HIST_CSV)}, format="multipart")
    assert ecb.status_code == 400


# --- rounding ----------------------------------------------------------------------------------------
def test_price_round_preview(db, reader):
    response = reader.get(
        "/api/currency/price-round/",
        {"amount": "19.20", "currency": "EUR", "marketplace": "amazon:A1PA6795UKMFR9", "floor": "19.05"},
    )
    assert response.json() == {
        "price": "19.99",
        "currency": "EUR",
        "unrounded": "19.20",
        "rule": "amazon:* EUR: step 1, ending 0.99, nearest",
        "rule_id": PriceRoundingRule.objects.get(marketplace_key="amazon:*", currency="EUR").pk,
        "floor": "19.05",
        "raised_to_floor": True,
    }


def test_rounding_rules_read_by_all_written_by_superusers(db, reader, superuser_client):
    url = "/api/currency/rounding-rules/"
    assert reader.get(url, {"currency": "JPY"}).json()["results"][0]["marketplace_key"] == "*"
    payload = {"marketplace_key": "wish", "currency": "GBP", "step": "1", "ending": "0.95"}
    assert reader.post(url, payload, format="json").status_code == 403
    created = superuser_client.post(url, payload, format="json")
    assert created.status_code == 201
    bad = superuser_client.patch(f"{url}{created.json()['id']}/", {"ending": "1.5"}, format="json")
    assert bad.status_code == 400
    assert "ending" in bad.json()["fields"]
    assert PriceRoundingRule.objects.get(pk=created.json()["id"]).ending == Decimal("0.95")


def test_status_lists_providers_and_freshness(ecb_rates, reader, settings):
    body = reader.get("/api/currency/status/").json()
    # forex_python has no URL here, so it is not asked.
    assert body == {
        "providers": ["manual", "ecb", "peg"],
        "pivots": ["EUR", "USD"],
        "max_rate_age_days": 7,
        "newest": {"ecb": "2024-04-05", "peg": "1999-01-04"},
    }
    assert date.fromisoformat(body["newest"]["ecb"]).weekday() == 4


def test_health_says_how_fresh_the_rates_are(ecb_rates, settings):
    from currency.health import check_rates_fresh

    assert "currency.health.check_rates_fresh" in settings.HEALTH_CHECKS
    check = check_rates_fresh()
    # The fixture's rates are from 2024: far older than the 7-day limit, so a warning.
    assert (check.ok, check.level) == (False, "warning")
    assert check.detail.startswith("newest ECB rate 2024-04-05, ")
    assert check.data["newest"] == {"ecb": "2024-04-05", "peg": "1999-01-04"}


def test_json_numbers_with_a_fraction_are_read_exactly(db, superuser_client):
    # The API's JSON parser reads 30.9 as Decimal("30.9"), never as the binary float 30.899999...
    payload = {"date": "2024-03-15", "base": "USD", "quote": "EGP", "rate": 30.9}
    response = superuser_client.post(RATES, payload, format="json")
    assert response.status_code == 201
    assert ExchangeRate.objects.get(quote="EGP").rate == Decimal("30.9")
    boolean = superuser_client.post(RATES, {**payload, "quote": "KWD", "rate": True}, format="json")
    assert boolean.status_code == 400
    assert boolean.json()["fields"] == {
        "rate": ['A plain decimal written as a string is required, e.g. "19.99" (not "1e3").']
    }


# --- input the convert API must refuse with 400 (never 500) ----------------------------------------
@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-04", "0001-01-07", "0001-01-08"])
def test_convert_on_the_first_days_of_the_calendar_answers_400(ecb_rates, reader, day):
    response = reader.get(CONVERT, {"amount": "100", "from": "CNY", "to": "USD", "date": day})

    assert response.status_code == 400, response.content
    assert set(response.json()) == {"message", "code", "fields", "extra"}


@pytest.mark.parametrize("amount", ["1e3", "1E+3", "2.5e-1"])
def test_convert_refuses_exponent_notation(ecb_rates, reader, amount):
    response = reader.get(CONVERT, {"amount": amount, "from": "EUR", "to": "USD", "date": "2024-03-15"})

    assert response.status_code == 400
    assert "amount" in response.json()["fields"]


def test_convert_keeps_the_sign_of_a_negative_amount(ecb_rates, reader):
    response = reader.get(CONVERT, {"amount": "-1", "from": "EUR", "to": "USD", "date": "2024-03-15"})

    assert response.status_code == 200
    assert response.json()["amount"] == "-1.09"
