"""Structure: the six sections and three tables, the edition against the year and the notice cited."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import regex

from gov_disclosure.model import AnnualReport, Heading, Paragraph
from gov_disclosure.template import EDITIONS, SECTIONS, Edition, TableKey, edition_spec

from ._findings import Finding

__all__ = ["check_structure", "report_texts"]

#: The two national notices, cited as 国办公开办函〔2019〕60号 / 〔2021〕30号; the number
#: identifies the notice (reports mistype its year, e.g. 〔2020〕60号).
_NOTICE = regex.compile(
    r"""
    国办公开办函\s*+
    [〔\[［(（【]\s*+\d{4}\s*+[〕\]］)）】]\s*+   # the year in any bracket
    (?P<number>\d+)\s*+号
    """,
    regex.VERBOSE,
)
_NOTICE_EDITIONS = {"60": Edition.GB2019, "30": Edition.GB2021}

#: The first report year of each gb edition (gb2021's notice is dated 2021-09-26).
_FIRST_YEAR = {Edition.GB2019: 2019, Edition.GB2021: 2021}
#: gb2019 tables in a report of this year or later are out of date.
_GB2019_OUTDATED_FROM = 2022


def check_structure(report: AnnualReport) -> Iterator[Finding]:
    """Missing sections and tables, then edition against year, then edition against notice."""
    if report.edition is not Edition.LEGACY:
        yield from _missing(report)
    yield from _edition_year(report)
    yield from _notice(report)


def _missing(report: AnnualReport) -> Iterator[Finding]:
    present = {section.kind for section in report.sections}
    for spec in SECTIONS:
        if spec.kind not in present:
            yield Finding.about(
                "section-missing",
                f"section {spec.heading} is missing; a {report.edition.value} report has six sections — "
                "check the source (the heading may be worded or numbered differently) or ask the publisher",
                report,
            )
    for table_spec in edition_spec(report.edition).tables:
        if report.table(table_spec.key) is None:
            yield Finding.about(
                "table-missing",
                f"the {table_spec.key.value} table ({_heading_of(table_spec.key)}: {table_spec.caption}) is missing; "
                f"the {report.edition.value} template requires it — if the source has it, its layout was not "
                "recognised (see the reader's diagnostics)",
                report,
            )


def _heading_of(key: TableKey) -> str:
    return next(spec.heading.split("、")[0] for spec in SECTIONS if spec.table is key)


def _edition_year(report: AnnualReport) -> Iterator[Finding]:
    year, edition = report.year, report.edition
    if year is None:
        return
    if edition is Edition.LEGACY and year >= _FIRST_YEAR[Edition.GB2019]:
        message = (
            f"a {year} report without the template tables (read as legacy); reports for 2019 onward use the "
            f"national template ({EDITIONS[Edition.GB2019].notice} or {EDITIONS[Edition.GB2021].notice}) — "
            "check whether the source has tables the reader did not recognise, or whether the year is right"
        )
    elif edition is Edition.GB2019 and year >= _GB2019_OUTDATED_FROM:
        message = (
            f"a {year} report uses the gb2019 tables ({EDITIONS[Edition.GB2019].notice}), replaced from 2021 by "
            f"{EDITIONS[Edition.GB2021].notice}; the report follows an outdated template — check the year, or "
            "note that figures such as （六）其他处理 are not split as the current template requires"
        )
    elif edition is not Edition.LEGACY and year < _FIRST_YEAR[edition]:
        message = (
            f"a {year} report uses the {edition.value} tables, which did not exist before {_FIRST_YEAR[edition]}; "
            "check the report year and the tables' labels"
        )
    else:
        return
    yield Finding.about("edition-year-mismatch", message, report)


@lru_cache(maxsize=4096)
def nfkc(text: str) -> str:
    """NFKC form of a narrative text; cached, since several checks read the same paragraphs."""
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def report_texts(report: AnnualReport, *, headings: bool = False) -> Iterator[str]:
    """The narrative of a report (preamble, then paragraphs), NFKC-normalised."""
    for paragraph in report.metadata.preamble:
        yield nfkc(paragraph.text)
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph) or (headings and isinstance(block, Heading)):
                yield nfkc(block.text)


def _notice(report: AnnualReport) -> Iterator[Finding]:
    if report.edition is Edition.LEGACY:
        return
    texts = [*report_texts(report, headings=True), *(nfkc(item.text) for item in report.unplaced)]
    cited = {
        _NOTICE_EDITIONS[match["number"]]
        for text in texts
        for match in _NOTICE.finditer(text)
        if match["number"] in _NOTICE_EDITIONS
    }
    if len(cited) != 1 or report.edition in cited:
        return  # no citation, both notices, or the right one
    (other,) = cited
    yield Finding.about(
        "notice-mismatch",
        f"the report cites {EDITIONS[other].notice} ({other.value}) but its tables follow "
        f"{report.edition.value} ({EDITIONS[report.edition].notice}); the legal basis and the tables "
        "disagree — check which template the publisher meant",
        report,
    )
