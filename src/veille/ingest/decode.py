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
    """cp1252 or latin-1 when the result reads as Latin-script text, else charset-normalizer's guess.

    Statistical guessers misjudge short French snippets (a Baltic code page for a
    paragraph with "é"), so the Western code pages come first; a Cyrillic or Arabic
    code page decoded as cp1252 is mostly accented capitals, which we detect.
    """
    sample = data[:65536]
    for encoding in ("cp1252", "latin-1"):
        try:
            if _reads_as_latin(sample.decode(encoding)):
                return encoding
        except UnicodeDecodeError:
            continue
    best = from_bytes(sample).best()
    return best.encoding if best is not None else "latin-1"


def _reads_as_latin(text: str) -> bool:
    """True when accented letters (U+00C0-U+00FF) stay a minority of letters, as in any Latin-script language."""
    letters = sum(map(str.isalpha, text))
    accented = sum(1 for ch in text if "\u00c0" <= ch <= "\u00ff")
    return accented <= 0.3 * max(letters, 1)
