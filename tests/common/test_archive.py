"""Zip archives within limits (issue 14): refused from their directory, before unzipping."""

from __future__ import annotations

import struct
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import INTEGRATION, ROOT
from qualpipe.common.archive import MB, check_zip, member_count, read_member, zip_limits
from qualpipe.errors import PipelineError

DOCX = INTEGRATION / "data" / "raw" / "t02_manager_south.docx"
SHEET = INTEGRATION / "data" / "coding" / "ben" / "ben_coding_sheet.xlsx"
SCHEMA = ROOT / "workflow" / "schemas" / "config.schema.yaml"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _text(size: int) -> bytes:
    """Bytes that compress about as well as XML does (not a run of one byte)."""
    return bytes(range(32, 127)) * (size // 95) + b"x" * (size % 95)


def _declare_size(path: Path, name: str, size: int) -> None:
    """Make the central directory declare another expanded size for a member (headers lie)."""
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = struct.pack("<I", size)
    path.write_bytes(bytes(data))


def test_archive_real_office_files_pass_the_default_limits() -> None:
    for path in (DOCX, SHEET):
        check_zip(path)


def test_archive_expanded_size_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = _zip(tmp_path / "big.xlsx", {"a.xml": _text(3 * MB)})
    with pytest.raises(PipelineError, match=r"\[E014\] .*big.xlsx: expands to 3.0 MB .*\(2.0 MB\)"):
        check_zip(path, zip_limits({"zip_expanded_mb": 2}))


def test_archive_member_count_is_read_before_zipfile_lists_the_members(tmp_path: Path) -> None:
    path = _zip(tmp_path / "many.docx", {f"m{n}.xml": b"" for n in range(12)})
    assert member_count(path) == 12
    with pytest.raises(PipelineError, match=r"\[E015\] .*many.docx: .* 12 files, .*\(10\)"):
        check_zip(path, zip_limits({"zip_members": 10}))


def _zip64_end(count: int) -> bytes:
    """The end of a zip64 archive declaring `count` members (and nothing before it)."""
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, 0, 0)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, 0, 1)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 2**32 - 1, 2**32 - 1, 0)
    return record + locator + end


def test_archive_zip64_member_count_over_65535_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.qdpx"
    path.write_bytes(_zip64_end(70_000))
    assert member_count(path) == 70_000
    with pytest.raises(PipelineError, match=r"\[E015\] .*70,000 files.*limits.zip_members"):
        check_zip(path)


def test_archive_compression_ratio_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "zeros.docx", {"word/document.xml": b"\0" * (4 * MB)})
    with pytest.raises(PipelineError, match=r"\[E016\] .*zeros.docx: expands to [\d,]+ times"):
        check_zip(path)


def test_archive_a_small_zip_is_never_refused_for_its_ratio(tmp_path: Path) -> None:
    check_zip(_zip(tmp_path / "small.docx", {"word/document.xml": b"\0" * (MB - 1)}))


def test_archive_a_file_that_is_no_zip_is_left_to_its_reader(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_bytes(b"PK\x03\x04 not a zip at all")
    check_zip(path)
    assert member_count(path) is None


def test_archive_read_member_stops_past_the_limit(tmp_path: Path) -> None:
    path = _zip(tmp_path / "a.qdpx", {"sources/a.txt": _text(3 * MB)})
    with zipfile.ZipFile(path) as archive, pytest.raises(PipelineError, match=r"\[E014\]"):
        read_member(
            archive, "sources/a.txt", file=str(path), limits=zip_limits({"zip_expanded_mb": 1})
        )


def test_archive_a_member_larger_than_declared_is_never_read_whole(tmp_path: Path) -> None:
    path = _zip(tmp_path / "lies.qdpx", {"sources/a.txt": _text(20 * MB)})
    _declare_size(path, "sources/a.txt", 1000)
    check_zip(path)  # the directory declares 1000 bytes: within every limit
    started = time.monotonic()
    with zipfile.ZipFile(path) as archive, pytest.raises(zipfile.BadZipFile):
        read_member(archive, "sources/a.txt", file=str(path))
    assert time.monotonic() - started < 1  # zipfile stopped at the declared size


def test_archive_limits_come_from_config_with_the_schema_defaults() -> None:
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))["properties"]["limits"]
    defaults = {key: value["default"] for key, value in schema["properties"].items()}
    assert zip_limits({}) == zip_limits(defaults) == zip_limits()
    assert zip_limits({"zip_members": 5}).members == 5
