"""A page compressed once and sent to many readers, with a per-response value spliced in.

The roadmap page a new visitor sees is the same for every one of them except its CSRF token
(`roadmap.views`), and compressing its ~300 KB for each response cost more than everything else
the response does. So the page is compressed once per content version, in pieces, and each
response joins the pieces around its own token without compressing anything:

- The text between two tokens is one raw deflate piece ending byte-aligned (`Z_SYNC_FLUSH`).
- The first token goes in as a *stored* deflate block (its bytes as they are, after a 5-byte
  header), which needs no compressor and, being uncompressed, gives a BREACH-style attack
  nothing to measure. Each later one is a copy of the token before it: a tiny fixed-Huffman
  block made once (a length, the distance back, which the page alone fixes), so 150 forms cost
  10 bytes each rather than 70, and what is sent still does not depend on the token's value.
- Each piece is compressed with all the text before it as its preset dictionary, in which every
  token's place holds the same number of 0xFF bytes. Tokens have a fixed length, so a match into
  earlier text points at the right distance in the real stream; and 0xFF never occurs in UTF-8,
  so no match can reach into a place where the real token differs. The page so compresses about
  as well as in one go (tested against `gzip.decompress`).

The response carries the gzip header, the pieces and tokens, and the trailer: the size, and the
CRC-32 of the whole text. CRC-32 is linear over GF(2) (up to a constant), so that CRC is the one
of the text with the placeholders, xor the CRC of the token's difference from them at every
token's place; that part is a linear function of the 32-bit CRC of the difference alone, worked
out once per page as the images of the 32 bits (`_spread`). A response so costs one `crc32` of
64 bytes and 32 xors, and the text itself need not be kept.
"""

import struct
import zlib
from bisect import bisect_right
from dataclasses import dataclass

WINDOW = 32 * 1024  # deflate's window: the most a preset dictionary can be
# Magic, deflate, no flags, no time, maximum compression, unknown OS (RFC 1952).
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
NEVER_IN_UTF8 = b"\xff"
# RFC 1951, 3.2.5: the base and extra bits of each length code (257...) and distance code.
LENGTH_BASES = (3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83)
LENGTH_BASES += (99, 115, 131, 163, 195, 227, 258)
LENGTH_EXTRA = (0,) * 8 + (1,) * 4 + (2,) * 4 + (3,) * 4 + (4,) * 4 + (5,) * 4 + (0,)
DISTANCE_BASES = (1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769)
DISTANCE_BASES += (1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577)
DISTANCE_EXTRA = (0, 0) + tuple(n // 2 for n in range(28))
MAX_COPY = 258


class _Bits:
    """Deflate's bit order: values least significant bit first, Huffman codes most first."""

    def __init__(self):
        self.value = 0
        self.length = 0

    def put(self, value, bits):
        self.value |= value << self.length
        self.length += bits

    def code(self, code, bits):
        self.put(int(format(code, f"0{bits}b")[::-1], 2), bits)

    def aligned(self):
        """The bits so far and an empty stored block after them, ending on a byte boundary
        (what zlib's Z_SYNC_FLUSH writes)."""
        self.put(0, 3)  # not the last block; stored
        return self.value.to_bytes((self.length + 7) // 8, "little") + b"\x00\x00\xff\xff"


def copy_block(length, distance):
    """A fixed-Huffman deflate block that repeats the `length` bytes `distance` back."""
    bits = _Bits()
    bits.put(0b010, 3)  # not the last block; fixed Huffman codes
    code = bisect_right(LENGTH_BASES, length) - 1
    symbol = 257 + code
    if symbol <= 279:
        bits.code(symbol - 256, 7)
    else:
        bits.code(0b11000000 + symbol - 280, 8)
    bits.put(length - LENGTH_BASES[code], LENGTH_EXTRA[code])
    code = bisect_right(DISTANCE_BASES, distance) - 1
    bits.code(code, 5)
    bits.put(distance - DISTANCE_BASES[code], DISTANCE_EXTRA[code])
    bits.code(0, 7)  # end of block (256)
    return bits.aligned()


_ONES = 0xFFFFFFFF


def _shift(state, zeros, count):
    """The pure CRC-32 register `state` (no initial value, no final xor) after `count` zero
    bytes, from zlib's `crc32`, which takes and gives registers xored with all ones."""
    return zlib.crc32(zeros[:count], state ^ _ONES) ^ _ONES


def _spread(offsets, size, slot_length):
    """For each of the 32 bits of a block's pure CRC, the pure CRC of a text of `size` zero bytes
    with that block at each of `offsets` (Horner's rule over the gaps between them)."""
    if not offsets:
        return (0,) * 32
    zeros = memoryview(bytes(size))
    tail = size - offsets[-1] - slot_length
    images = []
    for bit in range(32):
        state = 0
        for number, offset in enumerate(offsets):
            gap = offset - offsets[number - 1] if number else 0
            state = _shift(state, zeros, gap) ^ (1 << bit)
        images.append(_shift(state, zeros, tail))
    return tuple(images)


@dataclass(frozen=True)
class PrecompressedPage:
    """A page's UTF-8 text deflated in pieces around its slots, ready for splicing.

    Every slot takes the same value in a response, of exactly `slot_length` ASCII bytes.
    `copies[n]` is the block that repeats the slot before slot n (None: too far, or the first),
    `crc` that of the text with placeholders, `spread` what `_spread` gives."""

    deflated: tuple
    copies: tuple
    slot_length: int
    size: int  # of the whole text, the slots filled
    crc: int
    spread: tuple

    @classmethod
    def of(cls, html, *, slot, slot_length, level=9):
        texts = html.encode().split(slot.encode())
        placeholder = NEVER_IN_UTF8 * slot_length
        deflated, copies, offsets = [], [], []
        before = b""
        size = crc = 0
        for number, text in enumerate(texts):
            if number:
                offsets.append(size)
                near = len(texts[number - 1]) + slot_length if number > 1 else None
                fits = near is not None and near <= WINDOW and slot_length <= MAX_COPY
                copies.append(copy_block(slot_length, near) if fits else None)
                crc = zlib.crc32(placeholder, crc)
                size += slot_length
            options = {"zdict": before[-WINDOW:]} if before else {}
            compressor = zlib.compressobj(level, zlib.DEFLATED, -15, 9, **options)
            last = number == len(texts) - 1
            deflated.append(
                compressor.compress(text)
                + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
            )
            before = (before + text + placeholder)[-WINDOW:]
            crc = zlib.crc32(text, crc)
            size += len(text)
        spread = _spread(offsets, size, slot_length)
        return cls(tuple(deflated), (None, *copies), slot_length, size, crc, spread)

    def _value(self, value):
        value = value.encode("ascii")
        if len(value) != self.slot_length:
            raise ValueError(f"a slot takes {self.slot_length} bytes, not {len(value)}")
        return value

    def gzip(self, value):
        """The page as a gzip stream, `value` in every slot, compressing nothing."""
        value = self._value(value)
        stored = b"\x00" + struct.pack("<HH", len(value), len(value) ^ 0xFFFF) + value
        parts = [GZIP_HEADER, self.deflated[0]]
        for copy, piece in zip(self.copies[1:], self.deflated[1:], strict=True):
            parts += [copy or stored, piece]
        # The CRC of the text with `value` in the slots: that of the placeholders' text, xor the
        # pure CRC of the difference, which is zero but at the slots.
        difference = bytes(byte ^ NEVER_IN_UTF8[0] for byte in value)
        block = zlib.crc32(difference) ^ zlib.crc32(bytes(len(difference)))
        crc = self.crc
        for bit, image in enumerate(self.spread):
            if block >> bit & 1:
                crc ^= image
        parts.append(struct.pack("<II", crc, self.size & 0xFFFFFFFF))
        return b"".join(parts)

    def text(self, value):
        """The page as bytes, `value` in every slot (for the rare client that takes no gzip)."""
        return zlib.decompress(self.gzip(value), wbits=31)
