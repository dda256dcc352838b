"""What a controlled document's version says, made safe and comparable: the rich-text body
sanitised with nh3 (the Ammonia sanitiser), its plain text (for search and comparison), and
the SHA-256 hash an electronic signature is made over."""

from __future__ import annotations

import hashlib
import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "a",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "caption",
        "abbr",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|blockquote|caption)>|<br\s*/?>", re.IGNORECASE)
SPACES = re.compile(r"[ \t\r\f\v]+")
SIGNATURE_FORMAT = b"quadrant controlled document signature 1"


def sanitised(body: str) -> str:
    """BODY with everything but the allowed tags and attributes removed (scripts, styles,
    event handlers, javascript: links); links get rel="noopener noreferrer"."""
    return nh3.clean(
        body or "",
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def plain_text(body: str) -> str:
    """The words of an HTML BODY, a line per paragraph, list item or heading."""
    marked = BLOCK_END.sub("\n", body or "")
    bare = html.unescape(nh3.clean(marked, tags=set()))
    lines = (SPACES.sub(" ", line).strip() for line in bare.splitlines())
    return "\n".join(line for line in lines if line)


def signature_hash(*, identifier: str, number: int, title: str, content: bytes) -> str:
    """SHA-256 over the signed content (the body's or the file's bytes), the document's
    identifier, the version number and the title. Each part is length-prefixed, so no two
    different contents can be spelled into the same input."""
    digest = hashlib.sha256(SIGNATURE_FORMAT)
    for part in (identifier.encode(), str(number).encode(), title.encode(), content):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
