"""The documented model: the examples in docs/*.md and in the modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

from gov_disclosure import AnnualReport, Blank, Count, Metadata, Section, Table, parse, to_text
from gov_disclosure.template import Edition, SectionKind, TableKey

_DOCS = Path(__file__).resolve().parent.parent / "docs"
_DOC_PAGES = ["index.md", "model.md", "canonical-text.md"]
_MODULES = [
    "gov_disclosure.api",
    "gov_disclosure.canonical",
    "gov_disclosure.cells",
    "gov_disclosure.convert",
    "gov_disclosure.decode",
    "gov_disclosure.readers.text",
    "gov_disclosure.readers._front",
]


class TestDocumentation:
    """Every example in the documentation runs and prints what it says."""

    @pytest.mark.parametrize("page", _DOC_PAGES)
    def test_doc_page(self, page: str) -> None:
        """The page's doctest examples pass."""
        result = doctest.testfile(str(_DOCS / page), module_relative=False, optionflags=doctest.ELLIPSIS)
        assert result.attempted > 0
        assert result.failed == 0

    @pytest.mark.parametrize("name", _MODULES)
    def test_module_docstrings(self, name: str) -> None:
        """The module's docstring examples pass."""
        result = doctest.testmod(importlib.import_module(name))
        assert result.failed == 0


class TestBlankIsNotZero:
    """Blank and zero stay different through canonical text."""

    def test_blank_and_zero_survive(self) -> None:
        """A blank cell and a zero cell print differently and read back as they were."""
        table = Table.blank(TableKey.REVIEWS, Edition.GB2019).replace(("reconsideration", "upheld"), Count(0))
        report = AnnualReport(
            Metadata(Edition.GB2019), (Section("政府信息公开行政复议、行政诉讼情况", SectionKind.REVIEWS, table=table),)
        )
        back = parse(to_text(report)).report
        assert back.cell("reviews.reconsideration.upheld") == Count(0)
        assert back.cell("reviews.reconsideration.corrected") == Blank()
