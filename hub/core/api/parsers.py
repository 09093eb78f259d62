"""JSON numbers with a fraction are read as exact Decimals ("19.99" stays 19.99): prices, costs
and rates never pass through a binary float on their way in."""

import codecs
import json
from decimal import Decimal

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class DecimalJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded = codecs.getreader(encoding)(stream)
            return json.load(decoded, parse_float=Decimal)
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from error
