"""PO and XLIFF exchange: lossless round trips, stale sources refused, bad files change nothing."""

import io
import xml.etree.ElementTree as ET

import pytest
from babel.messages.pofile import read_po, write_po
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.accounts.roles import Role
from i18n.exchange.xliff import XLIFF12, XLIFF20
from i18n.keys import exchange_id, source_hash
from i18n.models import Translation, TranslationStatus

pytestmark = pytest.mark.django_db

FORMATS = ["po", "xliff-1.2", "xliff-2.0"]

# Texts that break naive exchange code: placeholders, a percent sign (Babel flags python-format),
# quotes and backslashes (PO escapes), line breaks and tabs, HTML (escaped in XLIFF), non-Latin scripts.
TEXTS_DE = {
    "title": "Acme Armband „Größe {size}“ – 50% Rabatt",
    "description": (
        '<p>Edelstahl, 100% rostfrei.</p>\n<p>Für %s und %(name)s Handgelenke.</p>\n\n\tZeile "drei" \\ Ende'
    ),
    "bullet.0": 'Wasserdicht bis "50 m" & <b>sicher</b>',
    "bullet.1": "Geschenkbox 🎁 inklusive",
    "keywords": "Armband\nArmreif aus Stahl\n手链",
}
TEXTS_JA = {
    "title": "Acme スチール ブレスレット 50%オフ",
    "description": "ステンレス製。\n水に強い。%d 年保証",
    "bullet.0": "防水 {depth} メートル",
    "bullet.1": "ギフトボックス付き",
    "keywords": "ブレスレット\nバングル",
}


def _unit(product, key):
    return f"product.{product.pk}.{key}"


def _upload(content: bytes, name: str = "file.po"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _export(client, api_url, locale, file_format, queue="pending"):
    response = client.get(api_url(f"i18n/exchange/{locale}/export/"), {"file_format": file_format, "queue": queue})
    assert response.status_code == 200, response.content
    return response.content


def _import(client, api_url, locale, content, **extra):
    return client.post(
        api_url(f"i18n/exchange/{locale}/import/"), {"file": _upload(content), **extra}, format="multipart"
    )


def _targets_in_file(content: bytes, file_format: str) -> dict[str, str]:
    """Read targets back with independent readers (Babel, ElementTree), keyed by unit."""
    if file_format == "po":
        catalog = read_po(io.BytesIO(content))
        return {m.context.split(":")[0]: m.string for m in catalog if m.id}
    root = ET.fromstring(content)
    if file_format == "xliff-1.2":
        units = root.iter(f"{{{XLIFF12}}}trans-unit")
        return {u.get("id").split(":")[0]: _text(u.find(f"{{{XLIFF12}}}target")) for u in units}
    units = root.iter(f"{{{XLIFF20}}}unit")
    return {u.get("id").split(":")[0]: _text(u.find(f"{{{XLIFF20}}}segment/{{{XLIFF20}}}target")) for u in units}


def _text(element) -> str:
    return "" if element is None else element.text or ""


def _replace_targets(content: bytes, file_format: str, new: dict[str, str]) -> bytes:
    """What a translator's tool does: change targets, keep ids and sources."""
    if file_format == "po":
        catalog = read_po(io.BytesIO(content))
        for message in catalog:
            if message.id:
                message.string = new[message.context.split(":")[0]]
                message.flags.discard("fuzzy")
        buffer = io.BytesIO()
        write_po(buffer, catalog)
        return buffer.getvalue()
    namespace = XLIFF12 if file_format == "xliff-1.2" else XLIFF20
    ET.register_namespace("", namespace)
    root = ET.fromstring(content)
    tag = "trans-unit" if file_format == "xliff-1.2" else "unit"
    for unit in root.iter(f"{{{namespace}}}{tag}"):
        holder = unit if file_format == "xliff-1.2" else unit.find(f"{{{namespace}}}segment")
        target = holder.find(f"{{{namespace}}}target")
        if target is None:
            target = ET.SubElement(holder, f"{{{namespace}}}target")
        target.text = new[unit.get("id").split(":")[0]]
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _seed(client, text_url, product, locale, texts):
    for key, text in texts.items():
        response = client.put(text_url(_unit(product, key), locale), {"text": text}, format="json")
        assert response.status_code == 200, response.json()


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize(("locale", "texts"), [("de", TEXTS_DE), ("ja", TEXTS_JA)], ids=["de", "ja"])
def test_round_trip_is_lossless(product, bullets, owner_client, api_url, text_url, file_format, locale, texts):
    _seed(owner_client, text_url, product, locale, texts)
    stored = {t.field if t.field != "bullet" else f"bullet.{t.position}": t.text for t in Translation.objects.all()}
    assert stored == texts  # what went in is what is stored

    exported = _export(owner_client, api_url, locale, file_format, queue="all")
    in_file = _targets_in_file(exported, file_format)
    unchanged = _import(owner_client, api_url, locale, exported)

    assert in_file == {_unit(product, key): text for key, text in texts.items()}
    assert unchanged.status_code == 200, unchanged.json()
    assert unchanged.json() == {
        "locale": locale,
        "format": file_format,
        "applied": 0,
        "unchanged": 5,
        "untranslated": 0,
        "refused": [],
    }

    edited = {
        _unit(product, key): text + "\n✓ 2" if key == "description" else text + " ✓" for key, text in texts.items()
    }
    edited[_unit(product, "keywords")] = texts["keywords"] + "\nneu"
    applied = _import(owner_client, api_url, locale, _replace_targets(exported, file_format, edited))

    assert applied.json()["applied"] == 5
    assert applied.json()["refused"] == []
    for row in Translation.objects.filter(locale=locale):
        key = row.field if row.field != "bullet" else f"bullet.{row.position}"
        assert row.text == edited[_unit(product, key)]
        assert row.status == TranslationStatus.DRAFT


@pytest.mark.parametrize("file_format", FORMATS)
def test_export_holds_pending_units_with_ids_and_sources(product, bullets, translator, api_url, text_url, file_format):
    client = translator(["de"])
    client.put(text_url(_unit(product, "title"), "de"), {"text": "Armband", "submit": True}, format="json")

    exported = _export(client, api_url, "de", file_format)

    # pending = missing + outdated + drafts; the title awaits review, so it is not exported.
    targets = _targets_in_file(exported, file_format)
    assert sorted(targets) == sorted(_unit(product, key) for key in ("description", "bullet.0", "bullet.1", "keywords"))
    expected_id = exchange_id(_unit(product, "description"), "de", source_hash(product.description))
    assert expected_id.encode() in exported
    assert b"Solid stainless steel." in exported


@pytest.mark.parametrize("file_format", FORMATS)
def test_import_with_a_stale_source_refuses_those_entries(product, bullets, translator, api_url, file_format):
    client = translator(["de"])
    exported = _export(client, api_url, "de", file_format)
    product.title = "Acme titanium bracelet"
    product.save(update_fields=["title"])
    texts = {_unit(product, key): f"Text {key}" for key in ("title", "description", "bullet.0", "bullet.1", "keywords")}

    response = _import(client, api_url, "de", _replace_targets(exported, file_format, texts))

    data = response.json()
    assert response.status_code == 200
    assert data["applied"] == 4
    assert [(p["code"], p["id"].split(":")[0]) for p in data["refused"]] == [
        ("source_changed", _unit(product, "title"))
    ]
    assert data["refused"][0]["row"] > 1
    assert not Translation.objects.filter(field="title").exists()
    assert Translation.objects.filter(locale="de").count() == 4


def test_refused_entries_name_their_rows(product, bullets, translator, api_url):
    client = translator(["de"])
    title_id = exchange_id(_unit(product, "title"), "de", source_hash(product.title))
    description_id = exchange_id(_unit(product, "description"), "de", source_hash(product.description))
    content = "\n".join(
        [
            'msgid ""',
            'msgstr ""',
            '"Language: de\\n"',
            "",
            f'msgctxt "{title_id}"',
            'msgid "Acme steel bracelet"',
            f'msgstr "{"A" * 201}"',
            "",
            'msgctxt "product.999999.title:de:0123456789abcdef"',
            'msgid "Ghost"',
            'msgstr "Geist"',
            "",
            f'msgctxt "{description_id}"',
            'msgid "An edited source"',
            'msgstr "Bearbeitet"',
            "",
            f'msgctxt "{title_id.replace(":de:", ":fr:")}"',
            'msgid "Acme steel bracelet"',
            'msgstr "Bracelet"',
            "",
        ]
    ).encode()

    response = _import(client, api_url, "de", content)

    assert response.status_code == 200
    assert [(p["row"], p["code"]) for p in response.json()["refused"]] == [
        (6, "invalid_text"),
        (10, "unknown_unit"),
        (14, "source_edited"),
        (18, "wrong_locale"),
    ]
    assert Translation.objects.count() == 0


BAD_PO = b"""msgid ""
msgstr ""
"Language: de\\n"

msgctxt "product.1.title:de:0123456789abcdef"
msgid "Acme steel bracelet
msgstr "Armband"
"""

BAD_XLIFF = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="x" source-language="en-US" target-language="de" datatype="plaintext">
    <body>
      <trans-unit id="a"><source>x</source><target>y</trans-unit>
    </body>
  </file>
</xliff>
"""

ENTITY_XLIFF = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file target-language="de"><body>
<trans-unit id="x"><source>s</source><target>&b;</target></trans-unit></body></file></xliff>
"""

WRONG_LANGUAGE_XLIFF = b"""<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US" trgLang="fr">
<file id="f1"></file></xliff>
"""


@pytest.mark.parametrize(
    ("content", "rows"),
    [
        pytest.param(BAD_PO, [(6, "Broken quoted text (unescaped quote or bad escape).")], id="po-unterminated"),
        pytest.param(
            b'msgid "a"\nmsgstr "b"\nthis is junk\n',
            [(3, "Not a PO line (keyword and quoted text expected).")],
            id="po-junk",
        ),
        pytest.param(b'msgid "a"\nmsgstr "\xff"\n', [(2, "Not UTF-8 text.")], id="po-not-utf8"),
        pytest.param(BAD_XLIFF, [(5, "Not well-formed XML: mismatched tag.")], id="xliff-malformed"),
        pytest.param(
            ENTITY_XLIFF, [(2, "A document type declaration (DTD) is not allowed in an uploaded file.")], id="xliff-dtd"
        ),
        pytest.param(WRONG_LANGUAGE_XLIFF, [(2, "This file is for fr, not de.")], id="xliff-other-language"),
    ],
)
def test_a_bad_file_changes_nothing_and_answers_with_rows(
    product, bullets, member_client, text_url, api_url, content, rows
):
    client = member_client(Role.CATALOG)
    client.put(text_url(_unit(product, "title"), "de"), {"text": "Armband"}, format="json")

    response = _import(client, api_url, "de", content)

    assert response.status_code == 400
    assert response.json()["code"] == "bad_file"
    assert [(row["row"], row["message"]) for row in response.json()["extra"]["rows"]] == rows
    assert list(Translation.objects.values_list("text", flat=True)) == ["Armband"]


def test_duplicate_ids_in_a_file_are_refused(product, translator, api_url):
    client = translator(["de"])
    title_id = exchange_id(_unit(product, "title"), "de", source_hash(product.title))
    entry = f'msgctxt "{title_id}"\nmsgid "Acme steel bracelet"\nmsgstr "Armband"\n'
    content = f'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n{entry}\n{entry}'.encode()

    response = _import(client, api_url, "de", content)

    assert response.status_code == 400
    assert response.json()["extra"]["rows"] == [
        {"row": 9, "column": 1, "message": "msgctxt repeats the entry of line 5."}
    ]


def test_outdated_translations_export_as_fuzzy_with_the_previous_source(product, translator, api_url, text_url):
    client = translator(["de"])
    client.put(text_url(_unit(product, "title"), "de"), {"text": "Acme Armband aus Stahl"}, format="json")
    product.title = "Acme titanium bracelet"
    product.save(update_fields=["title"])

    exported = _export(client, api_url, "de", "po")

    catalog = read_po(io.BytesIO(exported))
    title_id = exchange_id(_unit(product, "title"), "de", source_hash("Acme titanium bracelet"))
    message = catalog.get("Acme titanium bracelet", context=title_id)
    assert message.fuzzy is True
    assert message.string == "Acme Armband aus Stahl"
    # Babel writes the previous source but does not read it back: look in the file itself.
    assert b'#| msgid "Acme steel bracelet"\nmsgctxt "' + title_id.encode() in exported


def test_imported_texts_can_go_to_review_except_unfinished_ones(product, bullets, translator, api_url):
    client = translator(["de"])
    exported = _export(client, api_url, "de", "po")
    catalog = read_po(io.BytesIO(exported))
    for message in catalog:
        if message.id:
            message.string = "Übersetzt"
            if message.context.startswith(_unit(product, "title")):
                message.flags.add("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog)

    response = _import(client, api_url, "de", buffer.getvalue(), submit="true")

    assert response.json()["applied"] == 5
    statuses = dict(Translation.objects.values_list("field", "status").filter(field__in=["title", "description"]))
    assert statuses == {"title": "draft", "description": "needs_review"}


@pytest.mark.parametrize("locale", ["de%00", "xx_YY", "de-DE", "%20"])
@pytest.mark.parametrize("action", ["export", "import"])
def test_a_malformed_locale_answers_400(product, owner_client, api_url, locale, action):
    url = api_url(f"i18n/exchange/{locale}/{action}/")
    if action == "export":
        response = owner_client.get(url)
    else:
        upload = SimpleUploadedFile("de.po", b'msgid ""\nmsgstr ""\n', content_type="text/x-gettext-translation")
        response = owner_client.post(url, {"file": upload}, format="multipart")

    assert response.status_code == 400, response.content
    assert set(response.json()) == {"message", "code", "fields", "extra"}
    assert "locale" in response.json()["fields"]
