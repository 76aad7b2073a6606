"""Plain-text files in any Chinese encoding → clean str (LF line ends, no BOM).

Collected policy texts come as UTF-8, GB18030/GBK/GB2312 (most Chinese
government sites), Big5 or UTF-16. A wrong guess shows mojibake that looks like
text, so we only accept a decoding that is clean, and say so when none is.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from index.files import file_kind

MAX_BYTES = 20 * 1024 * 1024  # a policy text is kilobytes; 20 MB is certainly not one

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


class UnreadableFileError(Exception):
    """A file that cannot be turned into text; ``str()`` is one line: file and reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk / len(text)


def _is_clean(text: str) -> bool:
    """No replacement characters and no C0 control characters besides whitespace."""
    return "\ufffd" not in text and not any(ord(ch) < 32 and ch not in "\n\r\t\f\v" for ch in text)


def decode_text(data: bytes, path: Path | str = "<bytes>") -> str:
    """Decode bytes of a text file; raise UnreadableFileError when no encoding fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalize(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError:
                raise UnreadableFileError(path, f"damaged {encoding} text") from None
    if b"\x00" in data:
        utf16 = _try_utf16(data)
        if utf16 is not None:
            return _normalize(utf16)
        raise UnreadableFileError(path, "binary data, not a text file")
    try:
        return _normalize(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # GB18030 would decode these bytes too, as convincing mojibake: refuse instead
        raise UnreadableFileError(path, "mixes text encodings (mostly UTF-8 with invalid bytes)")
    # GB18030 is a superset of GBK and GB2312: try it before asking for a guess.
    candidates: list[str] = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _is_clean(text):
            candidates.append(text)
    if len(candidates) == 2:
        # both decode: GB18030 unless the charset detector is sure it is Big5
        return _normalize(candidates[0] if _guess(data) != "big5" else candidates[1])
    if candidates:
        return _normalize(candidates[0])
    guessed = _guess(data)
    if guessed:
        try:
            text = data.decode(guessed)
            if _is_clean(text) and _cjk_share(text) > 0.05:
                return _normalize(text)
        except (UnicodeDecodeError, LookupError):
            pass
    raise UnreadableFileError(path, "unknown text encoding (not UTF-8, GB18030, Big5 or UTF-16)")


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 Chinese with a few bad bytes: a mixed or damaged file, not GB18030."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk >= 8 and bad < cjk / 4


def _try_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes on alternate positions."""
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _is_clean(text) and (_cjk_share(text) > 0.2 or text.isascii()):
            return text
    return None


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    return best.encoding.replace("_", "-") if best is not None else None


def _normalize(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(path: Path | str) -> str:
    """The text of a plain-text file. An empty file is an empty text, not an error."""
    path = Path(path)
    return decode_text(read_file_bytes(path), path)


def too_large(path: Path | str, size: int, limit: int = MAX_BYTES) -> UnreadableFileError:
    if limit < 1_048_576:  # a small file's limit (settings) in KB, not "0 MB"
        return UnreadableFileError(
            path, f"file too large (over {limit // 1024} KB; the limit is {limit // 1024} KB)"
        )
    return UnreadableFileError(
        path, f"file too large ({size / 1_048_576:.1f} MB; the limit is {limit // 1_048_576} MB)"
    )


def check_regular_file(path: Path, mode: int) -> None:
    """Refuse what ``mode`` (an ``st_mode``) says is not a regular file, before reading it."""
    kind = file_kind(mode)
    if kind == "folder":
        raise UnreadableFileError(path, "is a directory")
    if kind is not None:  # a FIFO would block the reader, a device never end
        raise UnreadableFileError(path, f"is a {kind}, not a regular file")


def stat_failure(path: Path | str, exc: OSError) -> str:
    """Why ``stat`` of ``path`` failed, in words: a symlink loop and a dangling link are
    named as such (their errno alone would say "too many levels" or "no such file")."""
    if exc.errno == errno.ELOOP:
        return "is a symbolic link loop"
    if isinstance(exc, FileNotFoundError):
        return "is a symbolic link to a missing file" if os.path.islink(path) else "no such file"
    return exc.strerror or "cannot be read"


def read_file_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, at most ``limit``; every failure one UnreadableFileError line.

    Special files are refused by ``stat`` before they are opened (opening a FIFO
    blocks, a device may act on it), and again on the open descriptor, in case the
    path changed in between: O_NONBLOCK makes even that open return at once.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise UnreadableFileError(path, stat_failure(path, exc)) from None
    try:
        check_regular_file(path, info.st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            check_regular_file(path, os.fstat(fd).st_mode)
            data = handle.read(limit + 1)  # a file that grows, or a /proc file sized 0
    except FileNotFoundError:
        raise UnreadableFileError(path, "no such file") from None
    except IsADirectoryError:
        raise UnreadableFileError(path, "is a directory") from None
    except PermissionError:
        raise UnreadableFileError(path, "permission denied") from None
    except OSError as exc:
        raise UnreadableFileError(path, exc.strerror or "cannot be read") from None
    if len(data) > limit:
        raise too_large(path, len(data), limit)
    return data
