"""Word-level differences between two versions of an answer, as escaped HTML."""

import difflib
import json
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

TOKENS = re.compile(r"\s+|[^\s]+")


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return "\n".join(" | ".join(str(v) for v in item.values()) for item in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False)


MAX_TOKENS = 3000  # beyond this, show old and new whole: a word diff would be too slow


def word_diff(old, new):
    """HTML with removed words in <del> and added words in <ins>; everything escaped."""
    before = TOKENS.findall(as_text(old))
    after = TOKENS.findall(as_text(new))
    if len(before) > MAX_TOKENS or len(after) > MAX_TOKENS:
        return mark_safe(f"<del>{escape(as_text(old))}</del><ins>{escape(as_text(new))}</ins>")
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(before[a1:a2])))
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(parts))
