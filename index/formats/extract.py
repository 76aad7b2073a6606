"""Any supported file → the clean text the parser reads. One entry point for every format.

Each format has its own reader module; this one picks it by file name, applies
the limits that protect the reader (only regular files; the file's size; a
.docx's unpacked size), and turns every failure into an UnreadableFileError
whose message is one line: file and reason.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from index.formats.plain_text import (
    MAX_BYTES,
    UnreadableFileError,
    check_regular_file,
    read_file_bytes,
    read_text_file,
    stat_failure,
    too_large,
)

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}
# A .docx is a zip: its declared unpacked size is checked before anything is inflated
# (zipfile never inflates a member past its declared size, so the check bounds memory).
MAX_UNPACKED_BYTES = 5 * MAX_BYTES


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def extract_text(path: Path) -> str:
    """The text of ``path``; raises UnreadableFileError with a one-line reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise UnreadableFileError(path, "old Word .doc format is not supported; save it as .docx")
    check_readable(path)
    if suffix in HTML_SUFFIXES:
        return _html(path)
    if suffix == ".docx":
        return _docx(path)
    if suffix == ".pdf":
        return _pdf(path)
    return read_text_file(path)


def check_readable(path: Path) -> None:
    """Refuse, before opening it, a path that is not a regular file or is over the size limit."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise UnreadableFileError(path, stat_failure(path, exc)) from None
    check_regular_file(path, info.st_mode)
    if info.st_size > MAX_BYTES:
        raise too_large(path, info.st_size)


def _html(path: Path) -> str:
    from index.formats.html_text import decode_html, html_to_text

    data = read_file_bytes(path)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFileError(path, "binary data, not a web page")
    markup = decode_html(data)  # the one charset rule for pages (BOM, <meta>, UTF-8, GB18030)
    text = html_to_text(markup)
    if not text.strip() and data.strip():
        raise UnreadableFileError(path, "no readable text in the page")
    return text


def _docx(path: Path) -> str:
    from index.formats.docx_text import docx_to_text

    try:
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:
        raise UnreadableFileError(path, "reading .docx needs python-docx") from None
    try:
        _check_unpacked_size(path)
        return docx_to_text(path)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        PackageNotFoundError,
        KeyError,
        ValueError,
        OSError,
        SyntaxError,  # lxml's XMLSyntaxError: damaged XML inside the zip
    ) as exc:
        raise UnreadableFileError(
            path, f"not a valid .docx file ({exc.__class__.__name__})"
        ) from None


def _check_unpacked_size(path: Path) -> None:
    """A zip bomb renamed .docx is refused from its directory, before it is inflated."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFileError(
            path,
            f"too large when unpacked ({unpacked / 1_048_576:.0f} MB; "
            f"the limit is {MAX_UNPACKED_BYTES // 1_048_576} MB)",
        )


def _pdf(path: Path) -> str:
    from index.formats.pdf_text import PdfTextError, pdf_to_text

    try:
        from pypdf.errors import DependencyError
    except ImportError:
        raise UnreadableFileError(path, "reading PDF needs pypdf") from None
    try:
        return pdf_to_text(path)
    except PdfTextError as exc:
        raise UnreadableFileError(path, str(exc)) from None
    except DependencyError:  # AES encryption: pypdf needs the cryptography package for it
        raise UnreadableFileError(
            path, "encrypted PDF, not supported (AES; install 'cryptography' to read it)"
        ) from None
