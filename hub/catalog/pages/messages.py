"""Service messages (English, from hub.catalog.rules and the services) in the reader's language.

The services speak English to the API; pages show the same message translated: fixed messages
through the catalog, parametrised ones by pattern (the values stay as they were).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Fixed messages of the catalog rules and services; listed here so makemessages finds them.
FIXED = [
    gettext_noop("This field is required."),
    gettext_noop("Must not be negative."),
    gettext_noop("Is too large."),
    gettext_noop("Must be greater than zero."),
    gettext_noop("A SKU has no spaces."),
    gettext_noop("A GTIN-exempt variant has no GTIN."),
    gettext_noop("Give length, width and height together."),
    gettext_noop("Must be a whole number."),
    gettext_noop("This attribute is required for this category."),
    gettext_noop("An active product needs a category."),
    gettext_noop("An active product needs at least one variant."),
    gettext_noop("This file is not an image (JPEG, PNG, WebP or GIF)."),
    gettext_noop("This image is attached already."),
    gettext_noop("This product has stock history or listings; archive it instead of deleting it."),
    gettext_noop("This variant has stock history or listings; archive its product instead."),
    gettext_noop("Stock on hand cannot be negative."),
    gettext_noop("A transfer moves at least one unit."),
    gettext_noop("Source and destination are the same warehouse."),
    gettext_noop("An account keeps at least one owner."),
    gettext_noop("A translator needs at least one locale to work on."),
    gettext_noop("This person is already a member of the account."),
    gettext_noop("Already a member."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a whole number."),
]

# (English pattern, translatable template with %(name)s placeholders).
PATTERNS: list[tuple[re.Pattern, str]] = [
    (
        re.compile(r"^Has (?P<places>\d+) decimals; the account currency allows (?P<allowed>\d+)\.$"),
        gettext_noop("Has %(places)s decimals; the account currency allows %(allowed)s."),
    ),
    (re.compile(r"^'(?P<value>.*)' is not a number\.$"), gettext_noop("'%(value)s' is not a number.")),
    (
        re.compile(r"^SKU '(?P<sku>.*)' is used by another variant\.$"),
        gettext_noop("SKU '%(sku)s' is used by another variant."),
    ),
    (
        re.compile(r"^SKU '(?P<sku>.*)' appears twice in this product\.$"),
        gettext_noop("SKU '%(sku)s' appears twice in this product."),
    ),
    (
        re.compile(r"^Product code '(?P<code>.*)' exists already\.$"),
        gettext_noop("Product code '%(code)s' exists already."),
    ),
    (re.compile(r"^Use at most (?P<n>\d+) characters\.$"), gettext_noop("Use at most %(n)s characters.")),
    (re.compile(r"^Use at most (?P<n>\d+) decimals\.$"), gettext_noop("Use at most %(n)s decimals.")),
    (re.compile(r"^There is no category '(?P<value>.*)'\.$"), gettext_noop("There is no category '%(value)s'.")),
    (
        re.compile(r"^'(?P<value>.*)' is not one of (?P<allowed>.*)\.$"),
        gettext_noop("'%(value)s' is not one of %(allowed)s."),
    ),
    (
        re.compile(r"^Variants (?P<first>.*) and (?P<second>.*) have the same variation values\.$"),
        gettext_noop("Variants %(first)s and %(second)s have the same variation values."),
    ),
    (
        re.compile(r"^Images are limited to (?P<size>.*)\.$"),
        gettext_noop("Images are limited to %(size)s."),
    ),
    (
        re.compile(r"^(?P<format>\w+) images are not accepted; use JPEG, PNG, WebP or GIF\.$"),
        gettext_noop("%(format)s images are not accepted; use JPEG, PNG, WebP or GIF."),
    ),
    (
        re.compile(r"^Only (?P<n>-?\d+) on hand; cannot apply (?P<change>[+-]\d+)\.$"),
        gettext_noop("Only %(n)s on hand; cannot apply %(change)s."),
    ),
    (
        re.compile(r"^The new category does not use attribute '(?P<code>.*)'\.$"),
        gettext_noop("The new category does not use attribute '%(code)s'."),
    ),
    (
        re.compile(r"^The new category does not use variation attribute '(?P<code>.*)'\.$"),
        gettext_noop("The new category does not use variation attribute '%(code)s'."),
    ),
    (
        re.compile(r"^'(?P<value>.*)' is not yes/no \(use true or false\)\.$"),
        gettext_noop("'%(value)s' is not yes/no (use true or false)."),
    ),
    (
        re.compile(r"^Give the weight unit: one of (?P<units>.*)\.$"),
        gettext_noop("Give the weight unit: one of %(units)s."),
    ),
    (
        re.compile(r"^Give the dimension unit: one of (?P<units>.*)\.$"),
        gettext_noop("Give the dimension unit: one of %(units)s."),
    ),
    (
        re.compile(r"^Unit '(?P<unit>.*)' is not one of (?P<units>.*)\.$"),
        gettext_noop("Unit '%(unit)s' is not one of %(units)s."),
    ),
    (
        re.compile(r"^Attribute '(?P<code>.*)' is not a (?P<where>product|variant) attribute of this category\.$"),
        gettext_noop("Attribute '%(code)s' is not a %(where)s attribute of this category."),
    ),
]


def translated(message: str) -> str:
    message = str(message)
    if message in FIXED:
        return _(message)
    for pattern, template in PATTERNS:
        match = pattern.match(message)
        if match:
            return _(template) % match.groupdict()
    return _(message)


def field_errors(error_dict: dict[str, list[str]]) -> dict[str, list[str]]:
    """{field: [messages]} translated for the page; Django's "__all__" is "general" (templates
    cannot read names starting with an underscore)."""
    return {
        ("general" if name == "__all__" else name): [translated(m) for m in messages]
        for name, messages in error_dict.items()
    }


def validation_dict(error) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """A Django ValidationError or an ApplicationError as {field: [messages]}; "general" for the rest."""
    if hasattr(error, "message_dict"):
        return field_errors(error.message_dict)
    fields = getattr(error, "fields", None)
    if fields:
        return field_errors(fields)
    messages = getattr(error, "messages", None) or [getattr(error, "message", str(error))]
    return {"general": [translated(m) for m in messages]}
