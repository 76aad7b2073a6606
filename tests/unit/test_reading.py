"""Decoding text files: every encoding Chinese sites use, and files that are not text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.formats.plain_text import UnreadableFileError, read_text_file

TEXT = "某市支持保税维修发展的若干措施\n一、支持企业开展保税维修。给予补助。\n二、优化监管[AEO]。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "utf-16"])
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"policy-{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_text_file(path) == TEXT


def test_big5_decodes(tmp_path: Path) -> None:
    text = "繁體中文政策措施，支持保稅維修業務發展。"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    assert read_text_file(path) == text


def test_crlf_and_bom_are_normalized(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert read_text_file(path) == TEXT


def test_empty_file_is_an_empty_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read_text_file(path) == ""


@pytest.mark.parametrize(
    ("content", "reason"),
    [(bytes(range(256)) * 8, "binary"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")],
)
def test_binary_junk_is_refused_in_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as err:
        read_text_file(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message and reason in message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="no such file"):
        read_text_file(tmp_path / "missing.txt")
    with pytest.raises(UnreadableFileError, match="is a directory"):
        read_text_file(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(UnreadableFileError, match="permission denied"):
        read_text_file(path)


def test_a_file_mixing_encodings_is_refused_not_garbled(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(TEXT.encode("utf-8") + "\n三、附则。".encode("gbk"))
    with pytest.raises(UnreadableFileError, match="mixes text encodings"):
        read_text_file(path)
