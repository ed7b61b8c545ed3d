"""Bytes to text: UTF-8 first, then the legacy encodings French scrapers still produce.

Files written on Windows or by old CMS exports are often cp1252/latin-1. Decoding
them as UTF-8 with `errors="replace"` would silently turn every "é" into "\ufffd",
so we try UTF-8 strictly, then cp1252 (a superset of latin-1's printable range that
also has "’" and "€"), then charset-normalizer's guess, and say which one we used.
"""

from __future__ import annotations

import codecs
import logging

from charset_normalizer import from_bytes

log = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, origin: str, *, truncated: bool = False) -> str:
    """Decode `data` to str, naming the encoding in a debug log when it is not UTF-8.

    `truncated` says the bytes were cut at an arbitrary point: an incomplete UTF-8
    sequence at the very end is then dropped instead of failing the whole decode.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        return decoder.decode(data, final=not truncated)
    except UnicodeDecodeError:
        pass
    encoding = _legacy_encoding(data)
    log.debug("%s: not valid UTF-8, decoded as %s", origin, encoding)
    return data.decode(encoding, errors="replace")


def _legacy_encoding(data: bytes) -> str:
    """cp1252 when every byte is defined there (nearly always for French text), else a guess."""
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else "latin-1"
