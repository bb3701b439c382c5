"""Zip archives (.docx, .xlsx, .qdpx) opened within limits, so that a zip bomb is refused in
seconds instead of taking the machine's memory (issue 14).

Before anything is decompressed, the number of members is read from the end-of-central-
directory record (zipfile would otherwise build an object per member first), then the
expanded size and the compression ratio from the central directory. Headers can lie: a
member is read in chunks and reading stops past the limit (zipfile itself also stops at the
size the central directory declares and fails its CRC check). This module imports no stage.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from qualpipe.common.schema import config_defaults
from qualpipe.errors import PipelineError

MB = 1024 * 1024
# What reading a damaged zip (.docx, .xlsx, .qdpx) raises: a bad header or directory
# (BadZipFile, EOFError), an offset past the end (OSError), corrupt deflate data (zlib.error),
# a member flagged as encrypted (RuntimeError) or in an unknown compression
# (NotImplementedError).
ZIP_ERRORS = (zipfile.BadZipFile, EOFError, OSError, zlib.error, RuntimeError, NotImplementedError)
_CHUNK = MB
_END = b"PK\x05\x06"  # end of central directory record
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"
_END_SIZE, _LOCATOR_SIZE, _COMMENT_MAX = 22, 20, 65535
# A zip that expands to less than this is never refused for its ratio: small and harmless,
# whatever it holds (Apache POI's zip-bomb check has such a grace size too).
RATIO_GRACE = MB


@dataclass(frozen=True)
class ZipLimits:
    """What a zip the pipeline opens may hold (config limits.zip_*).

    expanded_mb (float): the members' total size once decompressed, in MB (2**20 bytes).
    members (int): the number of members.
    ratio (float): the expanded size over the compressed size, for the archive as a whole
        (checked when it expands to RATIO_GRACE or more).
    """

    expanded_mb: float
    members: int
    ratio: float

    @property
    def expanded_bytes(self) -> int:
        return int(self.expanded_mb * MB)


def zip_limits(limits: Mapping[str, object] | ZipLimits | None = None) -> ZipLimits:
    """The zip limits of config's `limits` section (the schema's defaults for missing keys)."""
    if isinstance(limits, ZipLimits):
        return limits
    values = {**config_defaults("limits"), **(limits or {})}
    return ZipLimits(
        expanded_mb=float(values["zip_expanded_mb"]),  # type: ignore[arg-type]
        members=int(values["zip_members"]),  # type: ignore[call-overload]
        ratio=float(values["zip_ratio"]),  # type: ignore[arg-type]
    )


def member_count(path: str | Path) -> int | None:
    """The number of members the end-of-central-directory record declares; None if the file
    has none (not a zip, or a damaged one: the caller's own opening names the problem)."""
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        start = max(0, size - (_END_SIZE + _COMMENT_MAX + _LOCATOR_SIZE))
        handle.seek(start)
        tail = handle.read()
        at = tail.rfind(_END)
        if at < 0 or len(tail) - at < _END_SIZE:
            return None
        (count,) = struct.unpack("<H", tail[at + 10 : at + 12])
        locator = tail[at - _LOCATOR_SIZE : at] if at >= _LOCATOR_SIZE else b""
        if count != 0xFFFF or not locator.startswith(_END64_LOCATOR):
            return count
        (offset,) = struct.unpack("<Q", locator[8:16])  # where the zip64 record starts
        handle.seek(offset)
        record = handle.read(56)
    if len(record) < 40 or not record.startswith(_END64):
        return None
    return int(struct.unpack("<Q", record[32:40])[0])


def _mb(size: float) -> str:
    return f"{size / MB:,.1f}"


def check_zip(path: str | Path, limits: ZipLimits | None = None, *, label: str = "") -> None:
    """Refuse a zip beyond the limits, reading only its directory, never its content.

    path (str | Path): the archive. A file that is not a readable zip passes: the caller's
        own opening reports it in its own terms.
    limits (ZipLimits): the limits; the defaults when None.
    label (str): the file as messages name it (a transcript by its interview, since its
        name may be a person's); '' for its path.
    """
    limits = zip_limits(limits)
    file = label or str(path)
    count = member_count(path)
    if count is None:
        return
    if count > limits.members:
        raise PipelineError("E015", file=file, found=f"{count:,}", limit=f"{limits.members:,}")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    expanded = sum(member.file_size for member in members)
    if expanded > limits.expanded_bytes:
        raise PipelineError(
            "E014", file=file, found=_mb(expanded), limit=_mb(limits.expanded_bytes)
        )
    compressed = max(1, sum(member.compress_size for member in members))
    if expanded >= RATIO_GRACE and expanded / compressed > limits.ratio:
        raise PipelineError(
            "E016", file=file, found=f"{expanded / compressed:,.0f}", limit=f"{limits.ratio:g}"
        )


def read_member(
    archive: zipfile.ZipFile, name: str, *, file: str, limits: ZipLimits | None = None
) -> bytes:
    """One member's bytes, read in chunks: stops (E014) as soon as they pass the expanded
    limit, whatever size the archive's headers declare.

    archive (zipfile.ZipFile): an archive checked with check_zip.
    name (str): the member. file (str): the archive's path, for the message.
    """
    limit = zip_limits(limits).expanded_bytes
    chunks, size = [], 0
    with archive.open(name) as member:
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise PipelineError(
                    "E014", file=file, found=f"more than {_mb(limit)}", limit=_mb(limit)
                )
            chunks.append(chunk)
    return b"".join(chunks)
