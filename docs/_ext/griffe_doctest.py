"""A griffe extension for the API pages: doctest blocks as code, Sphinx roles as code.

Docstrings here carry runnable ``>>>`` examples (pytest runs them with
``--doctest-modules``). Outside an ``Examples:`` section griffe passes them to Markdown
as plain text, where ``[...]`` in an example reads as a link. This wraps each doctest
block that starts at the docstring's margin in a ``pycon`` fence, and shows Sphinx
cross-reference roles (``:func:`run_batch```) as inline code, leaving the source
docstrings, and what doctest runs, unchanged.
"""

from __future__ import annotations

from typing import Any

import griffe
import regex

_PROMPT = ">>>"
_FENCE = "```"

_ROLE = regex.compile(
    r"""
    :(?:func|class|meth|attr|data|mod|exc|obj):   # a Sphinx cross-reference role
    `(?P<tilde>~?)(?P<target>[^`]+)`              # its target; ~ shows the last part only
    """,
    regex.VERBOSE,
)


def _role_as_code(match: regex.Match[str]) -> str:
    target = match["target"]
    return f"`{target.rsplit('.', 1)[-1] if match['tilde'] else target}`"


def fence_doctests(text: str) -> str:
    """The docstring text with every top-level doctest block fenced as ``pycon``.

    A block runs from a line starting with ``>>>`` to the next blank line; blocks
    already inside a fence, and indented ones (in an ``Examples:`` section, which
    griffe renders itself), are left alone.
    """
    out: list[str] = []
    in_fence = in_doctest = False
    for line in text.splitlines():
        if line.startswith(_FENCE):
            in_fence = not in_fence
        elif not in_fence and not in_doctest and line.startswith(_PROMPT):
            out.append(f"{_FENCE}pycon")
            in_doctest = True
        elif in_doctest and not line.strip():
            out.append(_FENCE)
            in_doctest = False
        out.append(line)
    if in_doctest:
        out.append(_FENCE)
    return _ROLE.sub(_role_as_code, "\n".join(out))


class DoctestFences(griffe.Extension):
    """Fence bare doctest blocks in every docstring griffe loads."""

    def on_instance(self, *, obj: griffe.Object, **_kwargs: Any) -> None:
        """Rewrite the object's docstring value, if it has one."""
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
