import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from currency.exceptions import RateFileError
from currency.parsers.ecb import ecb_parse
from currency.parsers.rates_csv import rates_file_kind, rates_file_parse

HIST_CSV = "Date,USD,JPY,BGN,CYP,\n2024-03-15,1.0892,162.03,1.9558,N/A,\n2024-03-14,1.0925,161.7,1.9558,N/A,\n"
DAILY_CSV = "Date, USD, JPY, GBP, \n30 October 2026, 1.1172, 175.68, 0.83380, \n"
DAILY_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
  <Cube>
    <Cube time='2024-03-15'>
      <Cube currency='USD' rate='1.0892'/>
      <Cube currency='JPY' rate='162.03'/>
    </Cube>
  </Cube>
</gesmes:Envelope>
"""


def _rates(rows):
    return {(row.date, row.quote): row.rate for row in rows}


def test_history_csv_skips_na_and_the_trailing_comma():
    rows = ecb_parse(HIST_CSV.encode())
    assert _rates(rows) == {
        (date(2024, 3, 15), "USD"): Decimal("1.0892"),
        (date(2024, 3, 15), "JPY"): Decimal("162.03"),
        (date(2024, 3, 15), "BGN"): Decimal("1.9558"),
        (date(2024, 3, 14), "USD"): Decimal("1.0925"),
        (date(2024, 3, 14), "JPY"): Decimal("161.7"),
        (date(2024, 3, 14), "BGN"): Decimal("1.9558"),
    }
    assert {row.base for row in rows} == {"EUR"}
    assert {row.line for row in rows if row.date == date(2024, 3, 14)} == {3}


def test_single_day_csv_with_spaces_and_a_written_date():
    rows = ecb_parse(DAILY_CSV.encode())
    assert _rates(rows) == {
        (date(2026, 10, 30), "USD"): Decimal("1.1172"),
        (date(2026, 10, 30), "JPY"): Decimal("175.68"),
        (date(2026, 10, 30), "GBP"): Decimal("0.8338"),
    }


def test_daily_xml_and_the_same_file_zipped():
    expected = {(date(2024, 3, 15), "USD"): Decimal("1.0892"), (date(2024, 3, 15), "JPY"): Decimal("162.03")}
    assert _rates(ecb_parse(DAILY_XML)) == expected
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("eurofxref-hist.csv", HIST_CSV)
    assert len(ecb_parse(buffer.getvalue())) == 6


def test_bad_csv_cells_are_all_reported_with_line_and_column():
    text = "Date,USD,JPY,\n2024-03-15,1.0892,abc,\n2024-03-32,1.0,1.0,\n2024-03-13,-1,160,\n2024-03-15,1,1,\n"
    with pytest.raises(RateFileError) as caught:
        ecb_parse(text.encode())
    assert caught.value.rows == [
        {"row": 2, "column": "JPY", "message": "'abc' is not a number."},
        {"row": 3, "column": "Date", "message": "'2024-03-32' is not a date (YYYY-MM-DD or '30 October 2026')."},
        {"row": 4, "column": "USD", "message": "'-1' is not a positive rate."},
        {"row": 5, "column": "Date", "message": "2024-03-15 also appears on line 2."},
    ]


def test_unknown_currency_in_the_header_is_refused():
    with pytest.raises(RateFileError) as caught:
        ecb_parse(b"Date,USD,QQQ,\n2024-03-15,1.0892,1,\n")
    assert caught.value.rows == [{"row": 1, "column": "QQQ", "message": "'QQQ' is not an ISO 4217 currency code."}]


def test_xml_problems_carry_their_line_numbers():
    broken = DAILY_XML.replace(b"rate='162.03'", b"rate='lots'").replace(b"currency='USD'", b"currency='ZZZ'")
    with pytest.raises(RateFileError) as caught:
        ecb_parse(broken)
    assert caught.value.rows == [
        {"row": 7, "column": "currency", "message": "'ZZZ' is not an ISO 4217 currency code."},
        {"row": 8, "column": "JPY", "message": "'lots' is not a number."},
    ]


def test_xml_that_is_not_well_formed_or_declares_a_dtd_is_refused():
    with pytest.raises(RateFileError) as caught:
        ecb_parse(b"<?xml version='1.0'?>\n<Cube>\n<Cube time='2024-03-15'>\n</Cube>")
    assert caught.value.rows[0]["row"] == 4
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">]>\n<Cube>&lol;</Cube>'
    with pytest.raises(RateFileError, match="DTD"):
        ecb_parse(bomb)


def test_a_zip_with_two_files_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", HIST_CSV)
        archive.writestr("b.csv", HIST_CSV)
    with pytest.raises(RateFileError, match="exactly one"):
        ecb_parse(buffer.getvalue())


def test_hub_csv_is_told_apart_from_ecb_files_and_parsed():
    data = b"date,base,quote,rate,note\n2024-03-15,USD,KWD,0.3075,bank rate\n2024-03-15,kwd,usd,3.252,\n"
    assert rates_file_kind(data) == "csv"
    assert rates_file_kind(HIST_CSV.encode()) == "ecb"
    assert rates_file_kind(DAILY_XML) == "ecb"
    kind, rows = rates_file_parse(data)
    assert kind == "csv"
    assert [(r.date, r.base, r.quote, r.rate, r.note, r.line) for r in rows] == [
        (date(2024, 3, 15), "USD", "KWD", Decimal("0.3075"), "bank rate", 2),
        (date(2024, 3, 15), "KWD", "USD", Decimal("3.252"), "", 3),
    ]


def test_hub_csv_row_errors_name_row_and_column():
    data = (
        b"date,base,quote,rate\n"
        b"2024-03-15,USD,KWD,0.3075\n"
        b"15/03/2024,USD,XYZ,0\n"
        b"2024-03-15,USD,USD,1\n"
        b"2024-03-15,USD,KWD,0.3076\n"
        b"2024-03-16,USD,KWD,1.1234567890123456\n"
    )
    with pytest.raises(RateFileError) as caught:
        rates_file_parse(data)
    assert caught.value.rows == [
        {"row": 3, "column": "date", "message": "'15/03/2024' is not a date (YYYY-MM-DD)."},
        {"row": 3, "column": "quote", "message": "'XYZ' is not an ISO 4217 currency code."},
        {"row": 3, "column": "rate", "message": "'0' is not a positive rate."},
        {"row": 4, "column": "quote", "message": "Base and quote are the same currency."},
        {"row": 5, "column": "date", "message": "The same rate is also on line 2."},
        {"row": 6, "column": "rate", "message": "1.1234567890123456 has more than 15 significant digits."},
    ]


def test_missing_columns_and_non_utf8_are_refused():
    with pytest.raises(RateFileError) as caught:
        rates_file_parse(b"date,base,quote,rate\n")
    assert caught.value.rows == [{"row": None, "column": None, "message": "No rates found."}]
    with pytest.raises(RateFileError) as caught:
        rates_file_parse(b"date,base,rate\n2024-03-15,USD,1\n")
    # Without a "quote" column this is not the hub format, so it is read as an ECB file.
    assert caught.value.rows[0]["row"] == 1
    with pytest.raises(RateFileError, match="UTF-8"):
        rates_file_parse(b"date,base,quote,rate\n2024-03-15,USD,KWD,\xff\n")
