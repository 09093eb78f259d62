"""Exported exchange files are valid for translators' own tools: every PO export passes GNU
`msgfmt -c` and polib reads it back exactly; XLIFF 1.2 and 2.0 exports read back exactly with
lxml. Sources carry placeholders, tags, quotes, backslashes, tabs, line breaks and long lines,
and outdated entries carry their previous source (`#| msgid`). Importing a file changes only
the units whose text changed."""

import shutil
import subprocess

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree

from hub.catalog.models import Product
from i18n.exchange.xliff import XLIFF12, XLIFF20
from i18n.models import SourceText, Translation, TranslationStatus
from tests.factories.catalog import ProductFactory

pytestmark = pytest.mark.django_db

LONG = "Stainless steel bracelet with a clasp that stays closed, " * 12
TITLES = [
    'Acme "Classic" bracelet – 50% off {size} %s %(name)s',
    "Back\\slash C:\\path\\ and a tab\there",
    LONG[:420].strip(),
    "Ünïcödé 手链 🎁 <b>bold</b> &amp; <br/>",
]
DESCRIPTIONS = [
    '<p>Line one with "quotes".</p>\n<p>Line two\twith tab</p>\n\n<p>%d years \\ warranty</p>',
    "First line\nsecond line\n" + LONG,
]


@pytest.fixture
def tricky(account):
    """Products whose texts break naive writers, in every state: missing, draft, approved,
    approved but outdated (source changed since), needs review."""
    products = []
    for index, title in enumerate(TITLES):
        products.append(
            ProductFactory(
                account=account,
                code=f"TRICKY-{index}",
                title=title,
                description=DESCRIPTIONS[index % len(DESCRIPTIONS)],
            )
        )
    SourceText.objects.create(
        account=account, product=products[0], field="bullet", position=0, text='Water "resistant"\\ 5\tATM'
    )
    return products


def _put(client, text_url, product, field, text, *, approve=False):
    response = client.put(text_url(f"product.{product.pk}.{field}", "de"), {"text": text}, format="json")
    assert response.status_code == 200, response.json()
    if approve:
        approved = client.post(text_url(f"product.{product.pk}.{field}", "de", "approve/"), {}, format="json")
        assert approved.status_code == 200, approved.json()


@pytest.fixture
def queue(tricky, owner_client, text_url):
    """German texts in every state; products 0 to 2 have an approved title whose source then changed."""
    for index, product in enumerate(tricky):
        _put(
            owner_client,
            text_url,
            product,
            "title",
            f'DE „{index}“ \\ "x"\t{product.title[:30].replace("<", "(").replace(">", ")")}',
            approve=True,
        )
    _put(owner_client, text_url, tricky[0], "description", "<p>Zeile eins</p>\n<p>Zeile zwei</p>")
    for product in tricky[:3]:
        Product.objects.filter(pk=product.pk).update(title=product.title[:300] + ' (new "edition")\\ ' + LONG[:90])
    return tricky


def _export(client, api_url, file_format, queue_name):
    response = client.get(api_url("i18n/exchange/de/export/"), {"file_format": file_format, "queue": queue_name})
    assert response.status_code == 200, response.content
    return response.content


def _msgfmt(tmp_path, content: bytes) -> subprocess.CompletedProcess:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (infra/scripts/test.sh installs the Debian package gettext)"
    path = tmp_path / "export.po"
    path.write_bytes(content)
    return subprocess.run([msgfmt, "-c", "-o", str(tmp_path / "export.mo"), str(path)], capture_output=True, text=True)


def _expected_units():
    """(msgctxt prefix, msgid, msgstr, previous msgid or None) from the database."""
    rows = {}
    for product in Product.objects.filter(code__startswith="TRICKY-"):
        for field in ("title", "description"):
            translation = Translation.objects.filter(product=product, field=field, locale="de").first()
            source = getattr(product, field)
            outdated = translation is not None and translation.source_text != source
            rows[f"product.{product.pk}.{field}"] = (
                source,
                translation.text if translation else "",
                translation.source_text if outdated else None,
            )
    return rows


@pytest.mark.parametrize("queue_name", ["all", "pending", "outdated", "draft"])
def test_po_exports_pass_msgfmt_check_and_polib_reads_them_exactly(queue, owner_client, api_url, tmp_path, queue_name):
    content = _export(owner_client, api_url, "po", queue_name)

    checked = _msgfmt(tmp_path, content)
    assert checked.returncode == 0, checked.stderr
    catalog = polib.pofile(content.decode("utf-8"))
    expected = _expected_units()
    entries = [entry for entry in catalog if entry.msgctxt]
    assert entries, "the queue is not empty"
    for entry in entries:
        unit = entry.msgctxt.split(":")[0]
        if unit not in expected:
            continue  # the bullet
        source, target, previous = expected[unit]
        assert (entry.msgid, entry.msgstr) == (source, target)
        assert entry.previous_msgid == previous
        assert ("fuzzy" in entry.flags) is (previous is not None)
    if queue_name in ("all", "outdated"):
        assert sum(1 for entry in entries if entry.previous_msgid) == 3


def test_a_long_previous_source_stays_inside_its_quotes(queue, owner_client, api_url):
    content = _export(owner_client, api_url, "po", "outdated").decode()

    previous = [line for line in content.splitlines() if line.startswith("#|")]
    assert previous
    assert all(line.startswith(('#| msgid "', '#| "')) and line.endswith('"') for line in previous), previous


@pytest.mark.parametrize(("file_format", "namespace"), [("xliff-1.2", XLIFF12), ("xliff-2.0", XLIFF20)])
def test_xliff_exports_read_back_exactly_with_lxml(queue, owner_client, api_url, file_format, namespace):
    content = _export(owner_client, api_url, file_format, "all")

    root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    ns = {"x": namespace}
    assert root.tag == f"{{{namespace}}}xliff"
    expected = _expected_units()
    found = 0
    if file_format == "xliff-1.2":
        units = [
            (u.get("id"), u.find("x:source", ns), u.find("x:target", ns)) for u in root.iterfind(".//x:trans-unit", ns)
        ]
    else:
        units = [
            (u.get("id"), u.find("x:segment/x:source", ns), u.find("x:segment/x:target", ns))
            for u in root.iterfind(".//x:unit", ns)
        ]
    for unit_id, source, target in units:
        unit = unit_id.split(":")[0]
        if unit not in expected:
            continue
        found += 1
        assert source.text == expected[unit][0]
        assert ((target.text or "") if target is not None else "") == expected[unit][1]
    assert found == len(expected)


def _upload(content: bytes):
    return SimpleUploadedFile("de.po", content, content_type="application/octet-stream")


def test_importing_an_untouched_export_changes_nothing(queue, owner_client, api_url):
    before = list(Translation.objects.order_by("pk").values("pk", "text", "status", "source_text", "updated_at"))
    content = _export(owner_client, api_url, "po", "all")

    report = owner_client.post(api_url("i18n/exchange/de/import/"), {"file": _upload(content)}, format="multipart")

    assert report.status_code == 200, report.json()
    assert report.json()["applied"] == 0
    assert report.json()["refused"] == []
    assert (
        list(Translation.objects.order_by("pk").values("pk", "text", "status", "source_text", "updated_at")) == before
    )


def test_an_import_changes_only_the_edited_entry(queue, owner_client, api_url):
    content = _export(owner_client, api_url, "po", "pending")
    catalog = polib.pofile(content.decode("utf-8"))
    edited = next(entry for entry in catalog if entry.msgctxt and not entry.msgstr)
    edited.msgstr = "Neue Übersetzung"
    outdated = [entry for entry in catalog if entry.previous_msgid]
    assert outdated, "the pending queue holds the outdated approved titles"
    before = {
        row.pk: (row.status, row.source_text, row.text)
        for row in Translation.objects.filter(field="title", status=TranslationStatus.APPROVED)
    }

    report = owner_client.post(
        api_url("i18n/exchange/de/import/"), {"file": _upload(str(catalog).encode("utf-8"))}, format="multipart"
    )

    assert report.status_code == 200, report.json()
    assert report.json()["applied"] == 1
    after = {row.pk: (row.status, row.source_text, row.text) for row in Translation.objects.filter(pk__in=list(before))}
    assert after == before  # still approved, still outdated (made from the old source)
