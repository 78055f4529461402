"""Bytes to text: encodings we accept and binary input we refuse."""

from __future__ import annotations

import codecs

import pytest

from gov_disclosure.decode import MAX_INPUT_BYTES, decode
from gov_disclosure.errors import InputTooLargeError, UnreadableInputError

_TEXT = "2021年某县人民政府政府信息公开工作年度报告\n一、总体情况\n"


class TestDecode:
    """decode() reads every encoding reports come in and nothing else."""

    @pytest.mark.parametrize(
        "data",
        [
            _TEXT.encode("utf-8"),
            codecs.BOM_UTF8 + _TEXT.encode("utf-8"),
            _TEXT.encode("utf-16"),
            _TEXT.encode("gb18030"),
            _TEXT.encode("gbk"),
            _TEXT.encode("gb2312"),
        ],
        ids=["utf-8", "utf-8-bom", "utf-16-bom", "gb18030", "gbk", "gb2312"],
    )
    def test_encodings(self, data: bytes) -> None:
        """Each encoding decodes to the same text, without a BOM."""
        assert decode(data) == _TEXT

    @pytest.mark.parametrize(
        ("data", "words"),
        [
            (b"%PDF-1.4\n", "PDF"),
            (b"\x89PNG\r\n\x1a\n", "PNG"),
            (b"PK\x03\x04rest", "ZIP"),
            (b"abc\x00def", "NUL"),
            (bytes(range(1, 32)) * 20, "control"),
        ],
    )
    def test_binary_is_refused(self, data: bytes, words: str) -> None:
        """Binary input raises UnreadableInputError naming what it looks like."""
        with pytest.raises(UnreadableInputError, match=words):
            decode(data, source="x.bin")

    def test_too_large(self) -> None:
        """Input over the documented limit raises InputTooLargeError."""
        with pytest.raises(InputTooLargeError):
            decode(b" " * (MAX_INPUT_BYTES + 1))
