"""A page compressed once and sent to many readers, with a per-response value spliced in.

The roadmap page a new visitor sees is the same for every one of them except its CSRF token
(`roadmap.views`), and compressing its ~300 KB for each response cost more than everything else
the response does. So the page is compressed once per content version, in pieces, and each
response joins the pieces around its own token without compressing anything:

- The text between two tokens is one raw deflate piece ending byte-aligned (`Z_SYNC_FLUSH`).
- Each token goes in as a *stored* deflate block (its bytes as they are, after a 5-byte header),
  which needs no compressor and, being uncompressed, gives a BREACH-style attack nothing to
  measure.
- Each piece is compressed with all the text before it as its preset dictionary, in which every
  token's place holds the same number of 0xFF bytes. Tokens have a fixed length, so a match into
  earlier text points at the right distance in the real stream; and 0xFF never occurs in UTF-8,
  so no match can reach into a place where the real token differs. The page so compresses about
  as well as in one go (tested against `gzip.decompress`).

The response carries the gzip header, the pieces and tokens, and the trailer (CRC-32 and size of
the whole text, which `zlib.crc32` computes from the parts without joining them).
"""

import struct
import zlib
from dataclasses import dataclass

WINDOW = 32 * 1024  # deflate's window: the most a preset dictionary can be
# Magic, deflate, no flags, no time, maximum compression, unknown OS (RFC 1952).
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
NEVER_IN_UTF8 = b"\xff"


@dataclass(frozen=True)
class PrecompressedPage:
    """A page's UTF-8 text split at its slots, each piece also deflated ready for splicing.

    Every slot takes the same value in a response, of exactly `slot_length` ASCII bytes."""

    texts: tuple
    deflated: tuple
    slot_length: int
    size: int  # of the whole text, the slots filled

    @classmethod
    def of(cls, html, *, slot, slot_length, level=9):
        texts = tuple(html.encode().split(slot.encode()))
        placeholder = NEVER_IN_UTF8 * slot_length
        deflated = []
        before = b""
        for number, text in enumerate(texts):
            options = {"zdict": before[-WINDOW:]} if before else {}
            compressor = zlib.compressobj(level, zlib.DEFLATED, -15, 9, **options)
            last = number == len(texts) - 1
            deflated.append(
                compressor.compress(text)
                + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
            )
            before = (before + text + placeholder)[-WINDOW:]
        size = sum(map(len, texts)) + slot_length * (len(texts) - 1)
        return cls(texts, tuple(deflated), slot_length, size)

    def _value(self, value):
        value = value.encode("ascii")
        if len(value) != self.slot_length:
            raise ValueError(f"a slot takes {self.slot_length} bytes, not {len(value)}")
        return value

    def text(self, value):
        """The page as bytes, `value` in every slot."""
        return self._value(value).join(self.texts)

    def gzip(self, value):
        """The page as a gzip stream, `value` in every slot, compressing nothing."""
        value = self._value(value)
        stored = b"\x00" + struct.pack("<HH", len(value), len(value) ^ 0xFFFF) + value
        crc = 0
        for number, text in enumerate(self.texts):
            if number:
                crc = zlib.crc32(value, crc)
            crc = zlib.crc32(text, crc)
        trailer = struct.pack("<II", crc, self.size & 0xFFFFFFFF)
        return b"".join([GZIP_HEADER, stored.join(self.deflated), trailer])
