import codecs

import pytest
from qualpipe.common.textio import (
    decode_bytes,
    misdecoded_forms,
    mojibake_marks,
    normalise_line_ends,
)
from qualpipe.errors import PipelineError

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


# A Windows-1252 export with a UTF-8 paragraph appended (issue 14): 'Mäkinen' must not
# become 'MÃ¤kinen', which no anonymisation layer recognises.
LEGACY_PART = "I: Hej Åsa, hur mår du?\r\nR: Bra, tack.\r\n".encode("cp1252")
UTF8_PART = "R: Jag träffade Mäkinen i Malmö.\r\n".encode()


def test_textio_decodes_each_line_of_a_file_that_mixes_encodings() -> None:
    decoded = decode_bytes(LEGACY_PART + UTF8_PART, file="t.txt")
    assert decoded.text.splitlines()[2] == "R: Jag träffade Mäkinen i Malmö."
    assert (decoded.encoding, decoded.other_encoding, decoded.other_lines) == (
        "cp1252",
        "utf-8",
        (3,),
    )


def test_textio_names_the_fewer_lines_of_a_utf8_file_with_a_windows_1252_line() -> None:
    decoded = decode_bytes(UTF8_PART * 3 + LEGACY_PART, file="t.txt")
    assert decoded.text.splitlines()[2:4] == [
        "R: Jag träffade Mäkinen i Malmö.",
        "I: Hej Åsa, hur mår du?",
    ]
    assert (decoded.encoding, decoded.other_encoding, decoded.other_lines) == (
        "utf-8",
        "cp1252",
        (4,),
    )


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("R: Jag träffade MÃ¤kinen.", "R: Jag träffade Mäkinen."),  # read once as cp1252
        ("R: MÃƒÂ¤kinen och HÃ¥kan", "R: Mäkinen och Håkan"),  # twice; 'Ã¥' ftfy leaves
        ("R: Ã…sa sa â€œjaâ€\x9d", "R: Åsa sa “ja”"),
        ("R: JosÃ© GarcÃ\xada", "R: José García"),  # read as Latin-1 (a C1 control)
    ],
)
def test_textio_repairs_text_once_decoded_with_the_wrong_encoding(text: str, repaired: str) -> None:
    decoded = decode_bytes(f"I: Hej.\n{text}\n".encode(), file="t.txt")
    assert decoded.text == f"I: Hej.\n{repaired}\n"
    assert decoded.repaired_lines == (2,)


@pytest.mark.parametrize(
    "text", [SWEDISH, "R: SÃO PAULO, MALMÖ’S “Ö” 5 £\n", "R: naïve façade — “quoted”, Zoë\n"]
)
def test_textio_leaves_text_that_is_not_mojibake_alone(text: str) -> None:
    decoded = decode_bytes(text.encode(), file="t.txt")
    assert (decoded.text, decoded.repaired_lines) == (text, ())


def test_textio_utf8_in_the_middle_of_a_windows_1252_line_is_repaired() -> None:
    data = "R: Jag träffade ".encode("cp1252") + "Mäkinen ”igår”.\n".encode()
    decoded = decode_bytes(data, file="t.txt")
    assert (decoded.text, decoded.repaired_lines) == ("R: Jag träffade Mäkinen ”igår”.\n", (1,))


def test_textio_an_undefined_byte_in_a_mixed_file_is_an_error_naming_its_offset() -> None:
    with pytest.raises(PipelineError, match=r"\[E105\] t.txt: .*byte 41: 81"):
        decode_bytes(UTF8_PART + b"R: a\x81b\n", file="t.txt")


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Mäkinen", {"MÃ¤kinen", "MÃƒÂ¤kinen", "M\ufffdkinen", "MÃ„KINEN", "M\ufffdKINEN"}),
        ("Åsa", {"Ã…sa", "Ã\x85sa", "\ufffdsa", "Ãƒâ€¦sa"}),
    ],
)
def test_textio_misdecoded_forms_of_a_name(name: str, forms: set[str]) -> None:
    assert forms <= misdecoded_forms(name)
    assert name not in misdecoded_forms(name) and misdecoded_forms("Ebba") == set()


# Issue 14: what the property-based tests (tests/properties/) found.
@pytest.mark.parametrize(
    ("char", "shown"), [("\x07", "U\\+0007.*\\^G"), ("\x0c", "U\\+000C.*\\^L")]
)
def test_textio_control_character_xml_cannot_hold_names_its_line(char: str, shown: str) -> None:
    """A bell or a form feed in a turn passed ingest, then the coding sheets (openpyxl's
    IllegalCharacterError) and the .qdpx export (lxml's ValueError) raised on it."""
    text = "I: How was the week?\r\nR: Long, very long.\r\n" + "R: " + "words " * 20 + char + "\n"
    with pytest.raises(PipelineError, match=rf"\[E131\] i01\.txt: line 3: .*{shown}"):
        decode_bytes(text.encode("utf-8"), file="i01.txt")
