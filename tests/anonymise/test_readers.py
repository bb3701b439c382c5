import zipfile
from pathlib import Path

import pytest
import spacy
from conftest import ROOT
from qualpipe.anonymise import readers
from qualpipe.anonymise.readers import REMEMBERED_BYTES, docbin_text, xlsx_text
from spacy.tokens import Doc, DocBin


def test_readers_docbin_text_is_each_docs_text(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    raw = sorted((ROOT / "data/raw").glob("*.txt"))[:3]
    docs = [nlp(p.read_text("utf-8", errors="replace")) for p in raw]
    docs.append(Doc(nlp.vocab, words=["Lindqvist", "said", "\n", "so"]))  # spaces unknown
    DocBin(docs=docs).to_disk(tmp_path / "s.spacy")
    vocab = spacy.blank("xx").vocab
    made = DocBin().from_disk(tmp_path / "s.spacy").get_docs(vocab)
    assert docbin_text(tmp_path / "s.spacy") == "\n".join(doc.text for doc in made)


def _workbook(path: Path, sheet: str) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("docProps/core.xml", f"<core><title>{path.stem}</title></core>")


def _sheet(name: str) -> str:
    rows = "".join(f"<row><c><is><t>{name} {i}</t></is></c></row>" for i in range(40_000))
    return f"<worksheet><sheetData>{rows}</sheetData></worksheet>"


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time a member is parsed."""
    calls: list[int] = []
    parse = readers._xml_text

    def counted(source: readers._Readable) -> str:
        calls.append(1)
        return parse(source)

    monkeypatch.setattr(readers, "_xml_text", counted)
    return calls


def test_readers_a_large_member_read_before_is_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = _sheet("Lindqvist")
    assert len(sheet) >= REMEMBERED_BYTES
    _workbook(tmp_path / "a.xlsx", sheet)
    _workbook(tmp_path / "b.xlsx", sheet)
    xlsx_text(tmp_path / "a.xlsx")
    calls = _parses(monkeypatch)
    second = xlsx_text(tmp_path / "b.xlsx")
    assert len(calls) == 1  # the properties only
    readers._last.clear()
    assert xlsx_text(tmp_path / "b.xlsx") == second
    assert "Lindqvist 39999" in second and second.startswith("b\n")


def test_readers_a_member_of_the_same_crc_and_size_but_other_bytes_is_parsed(
    tmp_path: Path,
) -> None:
    _workbook(tmp_path / "a.xlsx", _sheet("Lindqvist"))
    xlsx_text(tmp_path / "a.xlsx")
    _workbook(tmp_path / "b.xlsx", _sheet("Sjöqvist"))
    info = zipfile.ZipFile(tmp_path / "b.xlsx").getinfo("xl/worksheets/sheet1.xml")
    ((digest, _),) = readers._last.values()
    readers._last.clear()
    readers._last[(info.CRC, info.file_size)] = (digest, "a forged collision")
    assert "Sjöqvist 39999" in xlsx_text(tmp_path / "b.xlsx")
