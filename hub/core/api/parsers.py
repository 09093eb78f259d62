"""JSON numbers with a fraction are read as exact Decimals ("19.99" stays 19.99): prices, costs
and rates never pass through a binary float on their way in. A number written with an exponent
(`1e3`) comes in as `ExponentDecimal`, which money fields refuse."""

import codecs
import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from hub.core.numbers import json_float_parse


class DecimalJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded = codecs.getreader(encoding)(stream)
            return json.load(decoded, parse_float=json_float_parse)
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from error
