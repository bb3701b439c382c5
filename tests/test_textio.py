import codecs

import pytest
from qualpipe.errors import PipelineError
from qualpipe.textio import decode_bytes, mojibake_marks, normalise_line_ends

SWEDISH = "I: Hej Åsa!\nR: Här är jag, på kontoret i Malmö.\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (SWEDISH.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + SWEDISH.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + SWEDISH.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + SWEDISH.encode("utf-16-be"), "utf-16-be", True),
        (SWEDISH.encode("utf-16-le"), "utf-16-le", False),
        (SWEDISH.encode("cp1252"), "cp1252", False),
    ],
)
def test_textio_decodes_without_mojibake(data: bytes, encoding: str, bom: bool) -> None:
    decoded = decode_bytes(data, file="t.txt")
    assert decoded.text == SWEDISH
    assert (decoded.encoding, decoded.bom) == (encoding, bom)


@pytest.mark.parametrize(
    ("text", "style"),
    [("a\r\nb\r\n", "windows"), ("a\rb\r", "mac"), ("a\nb\n", "unix"), ("a\r\nb\n", "mixed")],
)
def test_textio_normalises_line_ends(text: str, style: str) -> None:
    assert normalise_line_ends(text) == ("a\nb\n", style)


def test_textio_empty_file_is_an_error() -> None:
    with pytest.raises(PipelineError, match=r"\[E103\] t.txt: the file is empty"):
        decode_bytes(b"  \n\n", file="t.txt")


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04\x14\x00rest-of-zip", b"%PDF-1.7\n...", bytes(range(256)) * 4]
)
def test_textio_binary_file_is_an_error(data: bytes) -> None:
    with pytest.raises(PipelineError, match=r"\[E104\] t.txt: looks like a binary file"):
        decode_bytes(data, file="t.txt")


def test_textio_undecodable_bytes_are_an_error() -> None:
    # 0x81 is undefined in Windows-1252 and invalid UTF-8 on its own.
    with pytest.raises(PipelineError, match=r"\[E105\] t.txt: .*byte 4: 81"):
        decode_bytes(b"I: a\x81b\nR: c\n", file="t.txt")


def test_textio_finds_mojibake_traces() -> None:
    assert mojibake_marks("I: HÃ¤r Ã¤r jag") == ["Ã¤"]
    assert mojibake_marks(SWEDISH) == []
