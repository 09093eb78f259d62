"""The small HTML subset descriptions may use, checked with an allow-list of our own.

Why not nh3 or bleach: we do not need to repair arbitrary HTML, only to refuse anything outside a
handful of attribute-free tags and to say where. The standard library's tokenizer gives line and
column for every tag; output is rebuilt from its tokens (fixed tag strings plus escaped text), so
nothing from the input reaches a page or a marketplace unescaped even where a browser would parse
the input differently. Marketplaces that take no HTML (Wish) get plain text with line breaks.
"""

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from i18n.locales import limit_data

VOID_TAGS = frozenset({"br"})
BLOCK_TAGS = frozenset({"p", "ul", "ol", "li"})


def allowed_tags() -> frozenset[str]:
    return frozenset(limit_data()["description_tags"])


@dataclass(frozen=True)
class HtmlProblem:
    line: int
    column: int
    message: str


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, str, int, int, bool]] = []  # (kind, value, line, column, has_attributes)

    def _add(self, kind: str, value: str, has_attributes: bool = False) -> None:
        line, column = self.getpos()
        self.tokens.append((kind, value, line, column + 1, has_attributes))

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self._add("start", tag, bool(attrs))

    def handle_startendtag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self._add("start", tag, bool(attrs))
        if tag not in VOID_TAGS:
            self._add("end", tag)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self._add("end", tag)

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self._add("data", data)

    def handle_comment(self, data):  # type: ignore[no-untyped-def]
        self._add("other", "comment")

    def handle_decl(self, decl):  # type: ignore[no-untyped-def]
        self._add("other", "declaration")

    def handle_pi(self, data):  # type: ignore[no-untyped-def]
        self._add("other", "processing instruction")

    def unknown_decl(self, data):  # type: ignore[no-untyped-def]
        self._add("other", "declaration")


def _tokens(text: str) -> list[tuple[str, str, int, int, bool]]:
    tokenizer = _Tokenizer()
    tokenizer.feed(text)
    tokenizer.close()
    return tokenizer.tokens


def html_problems(text: str) -> list[HtmlProblem]:
    """Everything outside the subset: other tags, any attribute, comments, unbalanced tags."""
    allowed = allowed_tags()
    problems: list[HtmlProblem] = []
    open_tags: list[tuple[str, int, int]] = []
    for kind, value, line, column, has_attributes in _tokens(text):
        if kind == "other":
            problems.append(HtmlProblem(line, column, f"A {value} is not allowed in a description."))
        elif kind == "start":
            if value not in allowed:
                problems.append(HtmlProblem(line, column, f"<{value}> is not allowed; use {_allowed_list()}."))
                continue
            if has_attributes:
                problems.append(HtmlProblem(line, column, f"<{value}> may not have attributes."))
            if value not in VOID_TAGS:
                open_tags.append((value, line, column))
        elif kind == "end" and value in allowed and value not in VOID_TAGS:
            if open_tags and open_tags[-1][0] == value:
                open_tags.pop()
            else:
                problems.append(HtmlProblem(line, column, f"</{value}> closes a tag that is not open."))
        elif kind == "end" and value not in allowed:
            problems.append(HtmlProblem(line, column, f"</{value}> is not allowed; use {_allowed_list()}."))
    for tag, line, column in open_tags:
        problems.append(HtmlProblem(line, column, f"<{tag}> is never closed."))
    return problems


def _allowed_list() -> str:
    return ", ".join(f"<{tag}>" for tag in sorted(allowed_tags()))


def html_render_safe(text: str) -> str:
    """The description as HTML that can be put in a page: allowed tags without attributes,
    everything else escaped text. Plain text (no tags at all) keeps its line breaks as <br>."""
    allowed = allowed_tags()
    tokens = _tokens(text)
    is_plain = not any(kind in ("start", "end") for kind, *_ in tokens)
    parts: list[str] = []
    open_tags: list[str] = []
    for kind, value, *_ in tokens:
        if kind == "data":
            escaped = html.escape(value, quote=False)
            parts.append(escaped.replace("\n", "<br>\n") if is_plain else escaped)
        elif kind == "start" and value in allowed:
            parts.append(f"<{value}>")
            if value not in VOID_TAGS:
                open_tags.append(value)
        elif kind == "end" and value in open_tags:
            # Close what was opened inside it too, so the output is always balanced.
            while open_tags:
                tag = open_tags.pop()
                parts.append(f"</{tag}>")
                if tag == value:
                    break
    parts.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(parts)


def _has_tags(text: str) -> bool:
    return any(kind in ("start", "end") for kind, *_ in _tokens(text))


_BLANK_LINES = re.compile(r"\n{3,}")


def html_to_text(text: str) -> str:
    """For marketplaces without HTML: paragraphs and list items on their own lines, '- ' bullets."""
    if not _has_tags(text):
        return html.unescape(text)
    parts: list[str] = []
    for kind, value, *_ in _tokens(text):
        if kind == "data":
            parts.append(value)
        elif kind == "start" and value == "br":
            parts.append("\n")
        elif kind == "start" and value == "li":
            parts.append("\n- ")
        elif kind in ("start", "end") and value in BLOCK_TAGS and value != "li":
            parts.append("\n")
    lines = [line.strip() for line in "".join(parts).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
