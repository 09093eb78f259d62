"""XLIFF 1.2 and 2.0: written with xml.etree, read with the safe reader in xmlsafe.

Each unit's id is the exchange id (unit, locale, source hash). Texts are plain: HTML in a
description travels escaped, line breaks are kept (xml:space="preserve"). Inline markup added by
a tool (<g>, <x/>, <ph>, <mrk>...) is refused for that unit rather than guessed at.
"""

import xml.etree.ElementTree as ET

from i18n.exchange.common import FIELD_LABELS, ExchangeEntry, FileProblem
from i18n.exchange.xmlsafe import Node, XmlError, xml_parse
from i18n.keys import exchange_id
from i18n.locales import from_bcp47, to_bcp47
from i18n.types import TextUnit

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_STATE_12 = {"missing": "needs-translation", "draft": "translated", "needs_review": "needs-review-translation"}
_STATE_20 = {"missing": "initial", "draft": "translated", "needs_review": "translated", "approved": "final"}
_UNFINISHED_12 = {"new", "needs-translation", "needs-adaptation", "needs-l10n"}


def _note(unit: TextUnit) -> str:
    label = FIELD_LABELS.get(unit.field, unit.field) + (f" {unit.position + 1}" if unit.field == "bullet" else "")
    where = unit.product_code + (f" / {unit.variant_sku}" if unit.variant_sku else "")
    note = f"{where}: {label}. Status: {unit.status}."
    if unit.is_outdated:
        note += f" The source changed; the translation was made from: {unit.previous_source_text}"
    return note


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def xliff12_write(*, units: list[TextUnit], locale: str, source_locale: str, original: str) -> bytes:
    ET.register_namespace("", XLIFF12)
    root = ET.Element(f"{{{XLIFF12}}}xliff", {"version": "1.2"})
    file_element = ET.SubElement(
        root,
        f"{{{XLIFF12}}}file",
        {
            "original": original,
            "source-language": to_bcp47(source_locale),
            "target-language": to_bcp47(locale),
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(file_element, f"{{{XLIFF12}}}body")
    for unit in units:
        element = ET.SubElement(
            body,
            f"{{{XLIFF12}}}trans-unit",
            {"id": exchange_id(unit.unit, locale, unit.source_hash), "resname": unit.unit, XML_SPACE: "preserve"},
        )
        ET.SubElement(element, f"{{{XLIFF12}}}source").text = unit.source_text
        if unit.text:
            state = "needs-review-translation" if unit.is_outdated else _STATE_12.get(unit.status, "final")
            ET.SubElement(element, f"{{{XLIFF12}}}target", {"state": state}).text = unit.text
        ET.SubElement(element, f"{{{XLIFF12}}}note", {"from": "hub"}).text = _note(unit)
    return _serialize(root)


def xliff20_write(*, units: list[TextUnit], locale: str, source_locale: str, original: str) -> bytes:
    ET.register_namespace("", XLIFF20)
    root = ET.Element(
        f"{{{XLIFF20}}}xliff", {"version": "2.0", "srcLang": to_bcp47(source_locale), "trgLang": to_bcp47(locale)}
    )
    file_element = ET.SubElement(root, f"{{{XLIFF20}}}file", {"id": "f1", "original": original})
    for unit in units:
        element = ET.SubElement(
            file_element,
            f"{{{XLIFF20}}}unit",
            {"id": exchange_id(unit.unit, locale, unit.source_hash), "name": unit.unit, XML_SPACE: "preserve"},
        )
        notes = ET.SubElement(element, f"{{{XLIFF20}}}notes")
        ET.SubElement(notes, f"{{{XLIFF20}}}note", {"category": "hub"}).text = _note(unit)
        state = "initial" if unit.is_outdated or not unit.text else _STATE_20.get(unit.status, "translated")
        segment = ET.SubElement(element, f"{{{XLIFF20}}}segment", {"state": state})
        ET.SubElement(segment, f"{{{XLIFF20}}}source").text = unit.source_text
        if unit.text:
            ET.SubElement(segment, f"{{{XLIFF20}}}target").text = unit.text
    return _serialize(root)


def _plain(node: Node | None) -> tuple[str, bool]:
    """Text of a source/target element, and whether it had inline markup."""
    if node is None:
        return "", False
    return node.text, bool(node.children)


def _language_check(value: str | None, locale: str, node: Node) -> None:
    if value and from_bcp47(value).lower() != locale.lower():
        message = f"This file is for {from_bcp47(value)}, not {locale}."
        raise FileProblem(message, [{"row": node.line, "column": node.column, "message": message}])


def _entries_12(root: Node, locale: str) -> list[ExchangeEntry]:
    entries = []
    for file_element in root.find_all(f"{{{XLIFF12}}}file"):
        _language_check(file_element.attributes.get("target-language"), locale, file_element)
        for unit in file_element.iter(f"{{{XLIFF12}}}trans-unit"):
            source, source_markup = _plain(unit.find(f"{{{XLIFF12}}}source"))
            target_node = unit.find(f"{{{XLIFF12}}}target")
            target, target_markup = _plain(target_node)
            state = target_node.attributes.get("state", "") if target_node else ""
            entries.append(
                ExchangeEntry(
                    row=unit.line,
                    id=unit.attributes.get("id", ""),
                    source=source,
                    target=target,
                    is_unfinished=state in _UNFINISHED_12,
                    problem="Inline markup is not supported; keep the text plain."
                    if source_markup or target_markup
                    else "",
                )
            )
    return entries


def _entries_20(root: Node, locale: str) -> list[ExchangeEntry]:
    _language_check(root.attributes.get("trgLang"), locale, root)
    entries = []
    for unit in root.iter(f"{{{XLIFF20}}}unit"):
        sources, targets, has_markup, states = [], [], False, []
        # A tool may split a unit into several segments (with ignorables between): join them back.
        for part in unit.children:
            if part.tag not in (f"{{{XLIFF20}}}segment", f"{{{XLIFF20}}}ignorable"):
                continue
            source, source_markup = _plain(part.find(f"{{{XLIFF20}}}source"))
            target_node = part.find(f"{{{XLIFF20}}}target")
            target, target_markup = _plain(target_node)
            # An ignorable without a target keeps its source text (whitespace between segments).
            sources.append(source)
            targets.append(target if target_node is not None or part.tag.endswith("segment") else source)
            has_markup = has_markup or source_markup or target_markup
            if part.tag.endswith("segment"):
                states.append(part.attributes.get("state", "initial"))
        entries.append(
            ExchangeEntry(
                row=unit.line,
                id=unit.attributes.get("id", ""),
                source="".join(sources),
                target="".join(targets) if any(targets) else "",
                is_unfinished="initial" in states,
                problem="Inline markup is not supported; keep the text plain." if has_markup else "",
            )
        )
    return entries


def xliff_read(data: bytes, *, locale: str) -> tuple[str, list[ExchangeEntry]]:
    """(format name, entries) of an XLIFF 1.2 or 2.0 file."""
    try:
        root = xml_parse(data)
    except XmlError as error:
        raise FileProblem(
            "The XLIFF file is malformed.", [{"row": error.line, "column": error.column, "message": error.message}]
        ) from None
    if root.tag == f"{{{XLIFF12}}}xliff":
        return "xliff-1.2", _entries_12(root, locale)
    if root.tag == f"{{{XLIFF20}}}xliff":
        return "xliff-2.0", _entries_20(root, locale)
    message = "Not an XLIFF 1.2 or 2.0 document (root element and namespace)."
    raise FileProblem(message, [{"row": root.line, "column": root.column, "message": message}])
