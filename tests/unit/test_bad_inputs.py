"""Hostile inputs to extract_text: special files refused before opening, bounded reads, one line each."""

from __future__ import annotations

import io
import os
import random
import stat
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index.formats.extract import MAX_UNPACKED_BYTES, extract_text
from index.formats.plain_text import UnreadableFileError, read_file_bytes

CLI = [sys.executable, "-m", "tui.cli"]


def _random_binary(path: Path) -> Path:
    path = path.with_suffix(".txt")
    path.write_bytes(random.Random(13).randbytes(64 * 1024))
    return path


def _empty_docx(path: Path) -> Path:
    path = path.with_suffix(".docx")
    path.write_bytes(b"")
    return path


def _zip_bomb(path: Path) -> Path:
    """A little over the unpacked limit of zeros, about 100 KB on disk, renamed .docx."""
    path = path.with_suffix(".docx")
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
                member.write(chunk)
    return path


def _damaged_docx_xml(path: Path) -> Path:
    path = path.with_suffix(".docx")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        archive.writestr("word/document.xml", "<w:document><unclosed")
    return path


def aes_encrypted_pdf() -> bytes:
    """A one-page PDF whose /Encrypt asks for AES-256 (V5 R6): pypdf needs `cryptography`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /StmF /StdCF /StrF /StdCF"
        b" /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >>"
        b" /O <" + b"11" * 48 + b"> /U <" + b"22" * 48 + b"> /OE <" + b"33" * 32 + b">"
        b" /UE <" + b"44" * 32 + b"> /Perms <" + b"55" * 16 + b"> >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n"
        b"startxref\n%d\n%%%%EOF\n" % (len(objects) + 1, b"ab" * 16, b"ab" * 16, xref)
    )
    return out.getvalue()


def _aes_pdf(path: Path) -> Path:
    path = path.with_suffix(".pdf")
    path.write_bytes(aes_encrypted_pdf())
    return path


def _password_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="secret", algorithm="RC4-128")  # RC4: pypdf needs nothing more
    path = path.with_suffix(".pdf")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "random binary": (_random_binary, "binary data"),
    "empty .docx": (_empty_docx, "not a valid .docx"),
    "zip bomb renamed .docx": (_zip_bomb, "too large when unpacked"),
    "damaged XML in a .docx": (_damaged_docx_xml, "not a valid .docx"),
    "AES-encrypted PDF": (_aes_pdf, "encrypted PDF, not supported"),
    "password PDF": (_password_pdf, "encrypted PDF"),
}


@pytest.mark.parametrize(("make", "reason"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_a_bad_input_is_one_line(tmp_path: Path, make: Callable[[Path], Path], reason: str) -> None:
    path = make(tmp_path / "bad")
    with pytest.raises(UnreadableFileError) as refused:
        extract_text(path)
    message = str(refused.value)
    assert "\n" not in message and message.startswith(str(path)) and reason in message


def test_an_empty_text_file_is_an_empty_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert extract_text(path) == ""  # callers say "empty file" (add) or show no measures


@pytest.mark.parametrize("name", ["bad.pdf", "bad.docx"])
def test_parse_of_a_bad_file_is_one_line_without_traceback(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(aes_encrypted_pdf() if name.endswith(".pdf") else b"PK\x03\x04junk")
    done = subprocess.run([*CLI, "parse", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


# Special files: refused by stat before they are opened, so nothing blocks or reads forever.


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO; if a reader ever blocks opening it, a writer comes by after 5 s so the test
    fails instead of hanging."""
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)

    def unblock() -> None:
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass  # no reader waiting: nothing to unblock

    watchdog = threading.Timer(5, unblock)
    watchdog.start()
    yield path
    watchdog.cancel()


def test_a_fifo_is_refused_without_opening_it(fifo: Path) -> None:
    for read in (extract_text, read_file_bytes):
        with pytest.raises(UnreadableFileError, match="is a named pipe, not a regular file"):
            read(fifo)


def test_parse_of_a_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = subprocess.run([*CLI, "parse", str(fifo)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and "named pipe" in done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_parse_of_dev_zero_is_refused_at_once() -> None:
    done = subprocess.run([*CLI, "parse", "/dev/zero"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and "/dev/zero: is a device" in done.stderr


def test_a_device_node_is_refused(tmp_path: Path) -> None:
    device = tmp_path / "null.txt"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    with pytest.raises(UnreadableFileError, match="is a device"):
        extract_text(device)


def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(UnreadableFileError, match="is a socket"):
            extract_text(path)
    finally:
        server.close()


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_reads_are_bounded_even_when_stat_says_zero() -> None:
    """/proc files claim size 0: the read itself stops at the limit, not at the end of data."""
    path = Path("/proc/self/environ")
    assert path.stat().st_size == 0 and len(path.read_bytes()) > 10
    with pytest.raises(UnreadableFileError, match="file too large"):
        read_file_bytes(path, limit=10)


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: nothing is written, stat says 21 MB
    with pytest.raises(UnreadableFileError, match="file too large"):
        extract_text(path)


def test_a_5_mb_single_line_parses_whole_in_bounded_time(tmp_path: Path) -> None:
    """One 5 MB line of prose (a saved page with no line breaks): every character kept, and
    the line-classifying patterns do not read all of it (8.7 s of CPU before; ~1.5 s now).
    The budget is CPU time and generous: not a benchmark."""
    import time

    from index.parsing.parser import parse_policy_text

    text = "支持综合保税区内企业开展保税维修业务，" * 260_000
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    start = time.process_time()
    doc = parse_policy_text(extract_text(path), fallback_title="one-line")
    assert time.process_time() - start < 5.0
    kept = doc.preamble + "".join(m.title + m.body for m in doc.measures)
    assert kept == text
