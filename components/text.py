"""Text from data files shown as text: never as HTML, never as Markdown markup."""

from __future__ import annotations

_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:")


def md(text: str | None) -> str:
    """Escape every Markdown special character, so a title can never become a link, an image
    or markup, and '<script>' shows as typed."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text or ""))
