"""The text of a PDF made by WeasyPrint, for the tests (no PDF library is installed): streams inflated, object
streams unpacked, each font's ToUnicode map applied to the glyph codes its text operators show."""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*stream\r?\n", re.S)
_PLAIN_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)


def _objects(data: bytes) -> tuple[dict[int, bytes], dict[int, bytes]]:
    """(dictionaries, stream contents) by object number."""
    dicts: dict[int, bytes] = {}
    streams: dict[int, bytes] = {}
    for match in _OBJECT.finditer(data):
        number, header = int(match.group(1)), match.group(2)
        length = re.search(rb"/Length (\d+)(?! \d+ R)", header)
        start = match.end()
        end = start + int(length.group(1)) if length else data.index(b"endstream", start)
        raw = data[start:end]
        dicts[number] = header
        streams[number] = zlib.decompress(raw) if b"/FlateDecode" in header else raw
    for match in _PLAIN_OBJECT.finditer(data):
        dicts.setdefault(int(match.group(1)), match.group(2))
    for number, header in list(dicts.items()):
        if b"/Type /ObjStm" in header:
            body = streams[number]
            first = int(re.search(rb"/First (\d+)", header).group(1))
            pairs = [int(x) for x in body[:first].split()]
            offsets = list(zip(pairs[::2], pairs[1::2], strict=True))
            for i, (inner, offset) in enumerate(offsets):
                stop = first + offsets[i + 1][1] if i + 1 < len(offsets) else len(body)
                dicts[inner] = body[first + offset : stop].strip()
    return dicts, streams


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = int(dst, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(base + offset)
    return mapping


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-"), data[:20]
    dicts, streams = _objects(data)
    maps_by_font = {}
    for number, header in dicts.items():
        if b"/Subtype /Type0" in header:
            ref = re.search(rb"/ToUnicode (\d+) 0 R", header)
            if ref:
                maps_by_font[number] = _cmap(streams[int(ref.group(1))])
    maps_by_name: dict[bytes, dict[int, str]] = {}
    for header in dicts.values():
        for name, ref in re.findall(rb"/([A-Za-z0-9_.+-]+) (\d+) 0 R", header):
            if int(ref) in maps_by_font:
                maps_by_name[name] = maps_by_font[int(ref)]
    lines = []
    for content in streams.values():
        if b" Tf" not in content:
            continue
        current: dict[int, str] = {}
        for font, shown in re.findall(rb"/([A-Za-z0-9_.+-]+) [\d.]+ Tf|(\[[^\]]*\]\s*TJ|<[0-9A-Fa-f]*>\s*Tj)", content):
            if font:
                current = maps_by_name.get(font, {})
                continue
            codes = "".join(h.decode() for h in re.findall(rb"<([0-9A-Fa-f]*)>", shown))
            lines.append("".join(current.get(int(codes[i : i + 4], 16), "\ufffd") for i in range(0, len(codes), 4)))
    return "\n".join(lines)
