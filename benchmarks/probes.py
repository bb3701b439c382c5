"""Issue 14's probes of hostile input: each built on the fly, run in a child process, measured.

For docs/security.md: per probe, the wall-clock seconds, the child's peak memory (maximum
resident set size, from os.wait4) and the outcome (the catalogued line, or the exception).
A probe still running after --timeout seconds is stopped and reported as such.

    PYTHONPATH=workflow python benchmarks/probes.py [--timeout 180] [probe ...]

PROBE_PYTHONPATH runs the probes against another checkout (e.g. /work/main/workflow, to
measure the code before a change); the files are always built with this one's.

The files are small on disk (a 400 MB zip bomb is under 1 MB) and written to a temporary
folder that is removed afterwards. The tests build the same files with these functions.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "tests" / "integration" / "data" / "codebook.yaml"
CODEBOOK_SCHEMA = ROOT / "workflow" / "schemas" / "codebook.schema.yaml"
Q = "urn:QDA-XML:project:1.0"
MB = 1024 * 1024
PEOPLE = {"respondents": ["Anna Berg"], "interviewers": ["Maria Ek"]}


def _docx_parts() -> tuple[dict[str, bytes], bytes, bytes, bytes]:
    """python-docx's blank document: its other members, and document.xml cut around one
    paragraph ('<w:body>' start, the paragraph's XML with text 'X', the rest)."""
    from docx import Document

    document = Document()
    document.add_paragraph("X")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members.pop("word/document.xml")
    start = xml.index(b"<w:p>") if b"<w:p>" in xml else xml.index(b"<w:p ")
    end = xml.index(b"</w:p>", start) + len(b"</w:p>")
    return members, xml[:start], xml[start:end], xml[end:]


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    """A .docx of python-docx's blank document with these paragraphs' XML (text escaped by
    the caller if needed)."""
    members, head, paragraph, tail = _docx_parts()
    body = b"".join(paragraph.replace(b">X<", f">{p}<".encode()) for p in paragraphs)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("word/document.xml", head + body + tail)
    return path


def docx_bomb(path: Path, *, expanded_mb: int, one_turn: bool = False, level: int = 9) -> Path:
    """A .docx whose document.xml expands to about expanded_mb MB of labelled paragraphs
    ('I: ...' and 'R: ...' in turn), or of one respondent turn's unlabelled lines.

    level (int): the deflate level; 9 makes a file as small as the issue's (ratio 300), 1
        one four times faster (ratio 140), for tests.
    """
    members, head, paragraph, tail = _docx_parts()
    texts = ["and so it went on, day after day"] if one_turn else ["I: And then?", "R: Yes."]
    unit = b"".join(paragraph.replace(b">X<", f">{t}<".encode()) for t in texts)
    chunk = unit * (MB // len(unit))
    start = head + paragraph.replace(b">X<", b">R: It began like this.<")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(start)
            for _ in range(expanded_mb):
                member.write(chunk)
            member.write(tail)
    return path


def words(chars: int, *, seed: int = 14) -> str:
    """`chars` characters of words in a seeded random order: text that compresses about as
    much as a transcript's (a zip of one repeated letter is refused for its ratio first)."""
    vocabulary = ["and", "so", "it", "went", "on", "day", "after", "we", "had", "targets", "but"]
    chosen = random.Random(seed).choices(vocabulary, k=chars // 3)
    return " ".join(chosen)[:chars]


def docx_huge_text(path: Path, *, chars: int = 10_500_000) -> Path:
    """A .docx with one paragraph whose text node has `chars` characters."""
    return write_docx(path, ["R: " + words(chars)])


def project_xml(*, source: str, doctype: str = "", text: str | None = None) -> bytes:
    """A minimal .qde: one user, the codebook's first code, one text source with one coded
    selection (so that its text is read), inline (text) or in sources/ (source)."""
    from qualpipe.codebook import load_codebook
    from qualpipe.common.refi import code_guid

    code = load_codebook(str(CODEBOOK), schema_path=str(CODEBOOK_SCHEMA)).codes[0].id
    user = str(uuid.UUID(int=1)).upper()
    content = f"<PlainTextContent>{text}</PlainTextContent>" if text is not None else ""
    path = "" if text is not None else f' plainTextPath="internal://{source}"'
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}'
        f'<Project xmlns="{Q}" name="returned" origin="NVivo 14">'
        f'<Users><User guid="{user}" name="ana"/></Users>'
        f'<CodeBook><Codes><Code guid="{code_guid(code)}" name="{code}" isCodable="true"/>'
        f"</Codes></CodeBook><Sources>"
        f'<TextSource guid="{str(uuid.UUID(int=2)).upper()}" name="i1"{path}>{content}'
        f'<PlainTextSelection guid="{str(uuid.UUID(int=3)).upper()}" startPosition="0" '
        f'endPosition="5"><Coding guid="{str(uuid.UUID(int=4)).upper()}" creatingUser="{user}">'
        f'<CodeRef targetGUID="{code_guid(code)}"/></Coding></PlainTextSelection>'
        f"</TextSource></Sources></Project>"
    ).encode()


def qdpx_bomb(path: Path, *, source_mb: int, level: int = 9) -> Path:
    """A .qdpx whose one source file expands to source_mb MB (level: as for docx_bomb)."""
    source = f"{str(uuid.UUID(int=5)).upper()}.txt"
    chunk = b"R: and so it went on, day after day.\n" * (MB // 37)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("project.qde", project_xml(source=source))
        with archive.open(f"sources/{source}", "w", force_zip64=True) as member:
            for _ in range(source_mb):
                member.write(chunk)
    return path


def qdpx_external_dtd(path: Path) -> Path:
    """A .qdpx whose .qde names an external DTD and uses an entity it would define."""
    doctype = '<!DOCTYPE Project SYSTEM "http://example.com/refi.dtd">\n'
    xml = project_xml(source="", doctype=doctype, text="&ext; R: hello")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
    return path


def long_turn(path: Path, *, chars: int = 1_000_001) -> Path:
    """A .txt transcript whose respondent turn has `chars` characters."""
    words = ("and so it went on " * (chars // 18 + 1))[: chars - 1] + "."
    path.write_text(f"I: How was it?\nR: {words}\n", encoding="utf-8")
    return path


# Running one probe (in the child process).


def _ingest(path: str) -> str:
    from qualpipe.ingest.read import read_transcript

    transcript, _ = read_transcript(Path(path), **PEOPLE)
    return f"read: {len(transcript.turns)} turns, {len(transcript.source):,} characters"


def _ingest_and_segment(path: str) -> str:
    from qualpipe.ingest.read import read_transcript
    from qualpipe.segment.units import pipe_by_language

    transcript, _ = read_transcript(Path(path), **PEOPLE)
    texts = [(turn.text, None) for turn in transcript.turns]
    docs = pipe_by_language(texts, ["en"] * len(texts), {}, batch_size=1)
    return f"segmented: {sum(len(doc) for doc in docs):,} tokens"


def _project(path: str) -> str:
    from qualpipe.merge.projects import ProjectTarget, read_project
    from qualpipe.merge.qde import open_project

    open_project(path)  # what is refused, is refused before the codebook loads spaCy
    from qualpipe.codebook import load_codebook

    codebook = load_codebook(str(CODEBOOK), schema_path=str(CODEBOOK_SCHEMA))
    study = ProjectTarget(codebook, {}, {"i1": "R: hello\n"}, 0.5)
    imported = read_project(path, study)
    return f"read: {len(imported.rows)} rows, {len(imported.review)} for review"


RUNNERS: dict[str, Callable[[str], str]] = {
    "ingest": _ingest,
    "segment": _ingest_and_segment,
    "project": _project,
}
# name: (file name, builder, runner)
PROBES: dict[str, tuple[str, Callable[[Path], Path], str]] = {
    "docx_401mb": ("bomb.docx", lambda p: docx_bomb(p, expanded_mb=401), "ingest"),
    "docx_400mb_one_turn": (
        "turn.docx",
        lambda p: docx_bomb(p, expanded_mb=400, one_turn=True),
        "ingest",
    ),
    "qdpx_600mb_source": ("bomb.qdpx", lambda p: qdpx_bomb(p, source_mb=600), "project"),
    "qdpx_external_dtd": ("dtd.qdpx", qdpx_external_dtd, "project"),
    "docx_10mb_text_node": ("node.docx", docx_huge_text, "ingest"),
    "turn_1m_chars": ("turn.txt", long_turn, "segment"),
}


def _child(runner: str, path: str) -> None:
    """The child's work: one line on stdout, the outcome."""
    from qualpipe.errors import PipelineError

    try:
        print(RUNNERS[runner](path))
    except PipelineError as error:
        print(str(error).splitlines()[0])
    except Exception as error:  # a probe reports any exception
        print(f"TRACEBACK {type(error).__name__}: {str(error).splitlines()[0][:160]}")


def measure(runner: str, path: Path, *, timeout: float) -> tuple[float, float, str]:
    """Run one probe in a child process: (seconds, peak memory in MB, outcome line)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "workflow"), str(ROOT)])}
    env["PYTHONPATH"] = os.environ.get("PROBE_PYTHONPATH", env["PYTHONPATH"])
    command = [sys.executable, __file__, "--child", runner, str(path)]
    started = time.monotonic()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > timeout:
            os.kill(child.pid, signal.SIGKILL)
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.monotonic() - started
            return seconds, usage.ru_maxrss / 1024, f"still running after {timeout:.0f} s"
        time.sleep(0.05)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    outcome = (child.stdout.read() if child.stdout else "").strip() or f"exit {child.returncode}"
    return seconds, usage.ru_maxrss / 1024, outcome


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("probes", nargs="*", help=f"some of {', '.join(PROBES)} (default all)")
    parser.add_argument("--timeout", type=float, default=180.0)
    arguments = parser.parse_args()
    unknown = set(arguments.probes) - set(PROBES)
    if unknown:
        parser.error(
            f"unknown probe(s) {', '.join(sorted(unknown))}; choose from {', '.join(PROBES)}"
        )
    print(f"{'probe':<22} {'on disk':>9} {'seconds':>8} {'peak MB':>8}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for name in arguments.probes or PROBES:
            file, build, runner = PROBES[name]
            path = build(Path(folder) / file)
            size = f"{path.stat().st_size / 1024:,.0f} KB"
            seconds, peak, outcome = measure(runner, path, timeout=arguments.timeout)
            print(f"{name:<22} {size:>9} {seconds:>8.2f} {peak:>8.0f}  {outcome}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
