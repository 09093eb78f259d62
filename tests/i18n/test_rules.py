"""Marketplace data, locale rules, text checks and preview formatting (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from i18n.checks import counters, limit_issues
from i18n.formatting import date_format, measurement_format, price_format
from i18n.locales import fallback_chain, locale_is_valid, marketplace_get, marketplace_list
from i18n.richtext import html_problems, html_render_safe, html_to_text

AMAZON_IDS = {
    "US": "ATVPDKIKX0DER", "CA": "A2EUQ1WTGCTBG2", "MX": "A1AM78C64UM0Y8", "BR": "A2Q3Y263D00KWC",
    "UK": "A1F83G8C2ARO7P", "DE": "A1PA6795UKMFR9", "FR": "A13V1IB3VIYZZH", "IT": "APJ6JRA9NG5V4",
    "ES": "A1RKKUPIHCS9HS", "NL": "A1805IZSGTT6HS", "SE": "A2NODRKZP88ZB9", "PL": "A1C3SOZRARQ6R3",
    "AE": "A2VIGQ35RCS4UG", "IN": "A21TJRUUN4KGV", "JP": "A1VC38T7YXB528", "AU": "A39IBJ37TRP1C6",
    "SG": "A19VAU5U5O7RUS", "BE": "AMEN7PMS3EDWL", "IE": "A28R8C7NBKEWEA", "TR": "A33AVAJ2PDY3EV",
    "SA": "A17E79C6D8DWNP", "EG": "ARBP9OOSHTCHU", "ZA": "AE08WJ6YKNBMC",
}  # fmt: skip


def test_every_amazon_marketplace_is_mapped():
    amazon = {m.code.split(".")[1]: m.marketplace_id for m in marketplace_list() if m.channel == "amazon"}

    assert amazon == AMAZON_IDS


def test_i18n_and_channels_describe_the_same_amazon_marketplaces():
    # Two tables that listings will join: same ids, same selling currency, and the language a
    # channel account writes in by default is the marketplace's first language here.
    from channels.marketplaces import amazon_marketplaces

    channels_side = {
        m.marketplace_id: ("amazon." + m.code, m.currency, m.default_locale) for m in amazon_marketplaces().values()
    }
    i18n_side = {
        m.marketplace_id: (m.code, m.currency, m.default_language.tag)
        for m in marketplace_list()
        if m.channel == "amazon"
    }

    assert i18n_side == channels_side
    for marketplace_id in channels_side:
        assert marketplace_get(marketplace_id).marketplace_id == marketplace_id


def test_every_marketplace_language_maps_to_a_babel_locale():
    hub_locales = {lang.hub_locale for m in marketplace_list() for lang in m.languages}

    assert sorted(locale for locale in hub_locales if not locale_is_valid(locale)) == []
    assert {m.code for m in marketplace_list() if m.channel != "amazon"} == {"aliexpress", "wish"}


@pytest.mark.parametrize(
    ("code", "languages"),
    [
        ("amazon.DE", [("de_DE", "de")]),
        ("amazon.MX", [("es_MX", "es_MX")]),
        ("amazon.CA", [("en_CA", "en"), ("fr_CA", "fr_CA")]),
        ("amazon.JP", [("ja_JP", "ja")]),
        ("wish", [("en", "en")]),
    ],
)
def test_marketplace_languages(code, languages):
    marketplace = marketplace_get(code)

    assert [(lang.tag, lang.hub_locale) for lang in marketplace.languages] == languages


def test_aliexpress_own_language_codes_map_to_babel_ids():
    aliexpress = marketplace_get("aliexpress")

    assert aliexpress.language("in").hub_locale == "id"
    assert aliexpress.language("iw").hub_locale == "he"
    assert len(aliexpress.languages) == 16


@pytest.mark.parametrize(
    ("locale", "chain"),
    [
        ("fr_CA", ["fr_CA", "fr", "en"]),
        ("es_MX", ["es_MX", "es", "en"]),
        ("de_AT", ["de_AT", "de"]),
        ("de", ["de", "en"]),
        ("ja", ["ja", "en"]),
        ("it_CH", ["it_CH", "it", "en"]),
        ("en", ["en"]),
    ],
)
def test_default_fallback_chains(locale, chain):
    assert fallback_chain(locale) == chain


def test_an_edited_chain_replaces_the_default():
    assert fallback_chain("fr_CA", {"fr_CA": ["fr_FR", "fr"]}) == ["fr_CA", "fr_FR", "fr"]


def test_amazon_keywords_count_utf8_bytes_so_cjk_hits_the_limit_sooner():
    terms = "\n".join(["手链"] * 41)  # 41 terms × 6 bytes + 40 spaces = 286 bytes, only 82 characters

    issues = limit_issues(field="keywords", text=terms, channels=["amazon"])

    assert [(i.severity, i.limit, i.actual) for i in issues] == [("error", 249, 286)]


def test_wish_tags_are_limited_in_number_and_length():
    terms = "\n".join([f"tag{n}" for n in range(11)] + ["x" * 81])

    issues = limit_issues(field="keywords", text=terms, channels=["wish"])

    assert [(i.limit, i.actual) for i in issues] == [(10, 12), (80, 81)]


def test_amazon_title_rules_forbidden_characters_and_repeats():
    issues = limit_issues(field="title", text="Bracelet! Steel bracelet, bracelet for the gift", channels=["amazon"])

    assert [(i.code, i.severity) for i in issues] == [("forbidden_chars", "warning"), ("word_repeats", "warning")]
    assert issues[0].message.endswith("Found: !")
    assert issues[1].message.endswith("Repeated: bracelet")


def test_aliexpress_refuses_angle_brackets_in_titles():
    issues = limit_issues(field="title", text="Bracelet <b>new</b>", channels=["aliexpress"])

    assert [(i.code, i.severity) for i in issues] == [("forbidden_chars", "error")]


def test_counters_measure_what_each_channel_publishes():
    description = "<p>" + "x" * 1990 + "</p><ul><li>a</li></ul>"  # 7 + 1990 + 19 characters of HTML

    rows = counters(field="description", text=description, channels=["amazon", "wish"])

    # Amazon counts the HTML as sent; Wish counts the plain text it gets.
    assert [(r["channel"], r["actual"], r["max"], r["is_over"]) for r in rows] == [
        ("amazon", 2016, 2000, True),
        ("wish", 1995, 4000, False),
    ]


def test_html_subset_rendering_never_passes_markup_through():
    text = "<p>ok</p><script>alert(1)</script><img src=x onerror=alert(1)><b onclick=x>bold"

    assert html_render_safe(text) == "<p>ok</p>alert(1)<b>bold</b>"
    assert [p.message for p in html_problems(text)][:2] == [
        "<script> is not allowed; use <b>, <br>, <em>, <i>, <li>, <ol>, <p>, <strong>, <ul>.",
        "</script> is not allowed; use <b>, <br>, <em>, <i>, <li>, <ol>, <p>, <strong>, <ul>.",
    ]
    assert html_to_text("<p>one<br>two &amp; three</p>") == "one\ntwo & three"


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        (Decimal("1234.565"), "EUR", "de_DE", "1.234,57\xa0€"),
        (Decimal("1234.5"), "JPY", "ja_JP", "￥1,235"),
        (Decimal("1234.565"), "MXN", "es_MX", "$1,234.57"),
        (Decimal("0.125"), "USD", "en_US", "$0.13"),
    ],
)
def test_prices_round_half_up_then_format_for_the_buyer(amount, currency, locale, expected):
    assert price_format(amount, currency, locale) == expected


def test_dates_and_measurements_in_the_buyers_language():
    assert date_format(date(2026, 3, 5), "de_DE") == "05.03.2026"
    assert date_format(date(2026, 3, 5), "ja_JP") == "2026/03/05"
    assert measurement_format(Decimal("12.50"), "cm", "de_DE") == "12,5 cm"
    assert measurement_format(Decimal("3.937"), "in", "en_US") == "3.94 in"


def test_glossary_matches_whole_latin_words_and_inside_cjk_text():
    from i18n.checks import glossary_issues
    from i18n.models import GlossaryKind, GlossaryTerm

    brand = GlossaryTerm(term="Acme", kind=GlossaryKind.DO_NOT_TRANSLATE)

    def check(source: str, text: str) -> list[str]:
        return [
            issue.message for issue in glossary_issues([brand], source=source, text=text, locale="ja", severity="error")
        ]

    assert check("Acme bracelet", "Acmeのブレスレット") == []
    assert check("Acme bracelet", "アクメのブレスレット") == ["Keep “Acme” as it is (do not translate)."]
    assert check("Acmeville bracelet", "ブレスレット") == []  # not the brand, another word
    assert check("ACME bracelet", "acme ブレスレット") == ["Keep “Acme” as it is (do not translate)."]
