"""The structure reader on one fixture per pattern (tests/fixtures/structure/NAME + NAME.expected.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gov_disclosure import Heading, Paragraph, read_file
from gov_disclosure.readers._front import split_title
from gov_disclosure.readers.text import read_text

_DIR = Path(__file__).resolve().parent / "fixtures" / "structure"
_FIXTURES = sorted(p for p in _DIR.iterdir() if p.suffix in {".txt", ".md"})


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    return data


def _actual(path: Path) -> dict[str, Any]:
    result = read_file(path)
    report, metadata = result.report, result.report.metadata
    return {
        "agency": metadata.agency,
        "year": metadata.year,
        "edition": metadata.edition.value,
        "title": metadata.title,
        "published": metadata.published.isoformat() if metadata.published else None,
        "preamble": [p.text for p in metadata.preamble],
        "sections": [
            {
                "title": s.title,
                "kind": s.kind.value if s.kind else None,
                "blocks": [["heading" if isinstance(b, Heading) else "paragraph", b.text] for b in s.blocks],
            }
            for s in report.sections
        ],
        "unplaced": [u.text for u in report.unplaced],
        "diagnostics": sorted({d.code for d in result.diagnostics if d.code != "tables-unavailable"}),
    }


class TestStructureFixtures:
    """Each fixture reads to exactly its expected front matter, sections and diagnostics."""

    def test_fixtures_exist(self) -> None:
        """Every pattern fixture has its expected file."""
        assert len(_FIXTURES) >= 8
        for path in _FIXTURES:
            assert path.with_name(path.stem + ".expected.json").exists(), path

    @pytest.mark.parametrize("path", _FIXTURES, ids=[p.stem for p in _FIXTURES])
    def test_fixture(self, path: Path) -> None:
        """The fixture's metadata, narrative and diagnostic codes are as expected."""
        assert _actual(path) == _expected(path)


class TestTitles:
    """Agency and year are read from titles exactly as written."""

    @pytest.mark.parametrize(
        ("title", "agency", "year"),
        [
            ("2018年梅河口市黑山头镇人民政府信息公开工作年度报告", "梅河口市黑山头镇人民政府", 2018),
            ("2019年金林区政府信息公开工作年度报告", "金林区政府", 2019),
            ("湛河区曹镇乡人民政府2020 年政府信息公开工作年度报告", "湛河区曹镇乡人民政府", 2020),
            ("2025 年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2025),
            ("2024 年上海市科委政府信息公开工作年度报告", "上海市科委", 2024),
            ("政府信息公开工作年度报告（2022年度）", None, 2022),
            ("某区人民政府办公室关于某区2021年政府信息公开工作年度报告", "某区人民政府办公室", 2021),
            ("青山县人民政府关于2021年度政府信息公开工作的报告", "青山县人民政府", 2021),
            ("二〇二〇年白石镇人民政府政府信息公开工作年度报告", "白石镇人民政府", 2020),
            ("２０２２年柳林县交通运输局政府信息公开工作年度报告", "柳林县交通运输局", 2022),
        ],
    )
    def test_split_title(self, title: str, agency: str | None, year: int) -> None:
        """The body before 政府信息公开 keeps 政府 only when it is part of its name."""
        assert split_title(title) == (agency, year)


class TestRepairs:
    """Repairs of damaged text are made only where the damage is, each with a diagnostic."""

    def test_canonical_text_is_not_rejoined(self) -> None:
        """With the canonical metadata list, lines are never joined across blank lines."""
        line = "没有句号的一行文字" * 4
        text = f"- 格式：legacy\n\n## 一、概况\n\n{line}\n\n府建设\n"
        report = read_text(text).report
        assert report.sections[0].blocks == (Paragraph(line), Paragraph("府建设"))

    def test_finished_sentences_stay_apart(self) -> None:
        """Lines that end with 。 are separate paragraphs even in hard-wrapped text."""
        text = "2020年某镇人民政府政府信息公开工作年度报告\n一、总体情况\n第一段。\n第二段。\n"
        blocks = read_text(text).report.sections[0].blocks
        assert blocks == (Paragraph("第一段。"), Paragraph("第二段。"))

    def test_unclaimed_pipe_rows_are_kept_unplaced(self) -> None:
        """A table row nobody could place is kept, with its line, and warned about."""
        text = "2021年某县人民政府政府信息公开工作年度报告\n一、总体情况\n公开。\n| 某某 | 甲 | 乙 |\n"
        result = read_text(text)
        assert [(u.text, u.line) for u in result.report.unplaced] == [("| 某某 | 甲 | 乙 |", 4)]
        assert any(d.code == "table-row-unplaced" and d.span and d.span.line == 4 for d in result.diagnostics)

    def test_every_repair_has_a_location(self) -> None:
        """Line-level repairs carry the 1-based line they were made at."""
        result = read_file(_DIR / "web-page-chrome.txt")
        chrome = [d for d in result.diagnostics if d.code == "chrome-dropped"]
        assert chrome
        assert chrome[0].span is not None
        assert chrome[0].span.line == 1
