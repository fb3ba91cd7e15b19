"""Text from the spec in a Python comment (the `comment` filter).

Literals and docstrings have their filters in `names`; this one is for `#` comments,
such as the header naming the spec files, whose paths come from the user.
"""

from __future__ import annotations

import re

# PEP 263: a comment on either of a file's first two lines that matches this declares
# the file's encoding, which could make the rest of the file decode to other code
_ENCODING_DECLARATION = re.compile(r"(coding)([:=])")


def comment(text: str) -> str:
    """`text` fit to follow `# ` on one line: each unprintable character escaped (a
    newline as `\\n`), so the text cannot end the comment, and `coding:` spelled
    `coding :`, so it cannot declare the file's encoding."""
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return _ENCODING_DECLARATION.sub(r"\1 \2", text)


FILTERS = {"comment": comment}
