"""Base64 encode and decode on bytes, with padding, checked by round trip."""

from support import line, say

ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
REVERSE = {}
for _i in range(64):
    REVERSE[ALPHABET[_i]] = _i


def encode(data):
    out = []
    i = 0
    while i + 3 <= len(data):
        n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
        for shift in [18, 12, 6, 0]:
            k = (n >> shift) & 63
            out.append(ALPHABET[k:k + 1])
        i += 3
    rest = len(data) - i
    if rest == 1:
        n = data[i] << 16
        out.append(ALPHABET[(n >> 18) & 63:((n >> 18) & 63) + 1])
        out.append(ALPHABET[(n >> 12) & 63:((n >> 12) & 63) + 1])
        out.append(b"==")
    elif rest == 2:
        n = (data[i] << 16) | (data[i + 1] << 8)
        for shift in [18, 12, 6]:
            k = (n >> shift) & 63
            out.append(ALPHABET[k:k + 1])
        out.append(b"=")
    return b"".join(out)


def decode(text):
    out = []
    n = 0
    bits = 0
    for c in text:
        if c == 61:
            break
        n = (n << 6) | REVERSE[c]
        bits += 6
        if bits >= 8:
            bits -= 8
            out.append((n >> bits) & 255)
            n &= (1 << bits) - 1
    return out


def entry_point(argv):
    for data in [b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", b"Kiln \x00\xff!"]:
        enc = encode(data)
        line(enc)
        dec = decode(enc)
        same = len(dec) == len(data)
        for i in range(len(dec)):
            if dec[i] != data[i]:
                same = False
        say(b"round-trip", 1 if same else 0)
    return 0
