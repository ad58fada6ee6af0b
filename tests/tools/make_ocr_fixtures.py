#!/usr/bin/python3
"""Make the OCR test fixtures (issue 7) from known, fictional text.

Usage: make_ocr_fixtures.py TEXT_DIR OUT_DIR [SEED]

Each letter in TEXT_DIR (decision-letter.txt, mediation-certificate.txt) is
drawn as a page at 300 dpi in DejaVu Sans, as a scanner or a phone would
give it, so the test knows the date, author and kind the OCR must find:

  decision-photo.jpg     the letter photographed sideways: the pixels are
                         turned a quarter and the EXIF orientation tag says
                         how to stand it up (as phones do); a slight skew,
                         speckles and a grey cast
  decision-scan.png      the letter, scanned straight, with speckles
  decision-upside-down.png  the letter fed into the scanner upside down (no
                         EXIF to say so: OCR must find which way is up)
  certificate-fax.tif    the certificate as a two-page fax (TIFF, two frames:
                         the second page is the end of the letter)
  decision-scanned.pdf   the letter as a PDF with no text layer (a scan)
  corrupt.jpg            a JPEG cut off after its header: damaged
  bomb.png               a PNG whose header claims 200000 x 200000 pixels

Deterministic: the same inputs give the same files (fixed noise seed; SEED,
default 0, moves it, so that a benchmark can make copies whose pictures
differ).
"""
import io
import random
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DPI = 300
A4 = (2480, 3508)  # pixels at 300 dpi
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def draw_page(lines, size=A4):
    """The lines in 11 pt type on a white A4 page, 1 inch margins."""
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 46)  # 11 pt at 300 dpi
    y = DPI
    for line in lines:
        d.text((DPI, y), line, font=font, fill=0)
        y += 66
    return img


def speckle(img, seed, amount=0.002):
    """Scanner dust: a few random dark and light pixels."""
    rnd = random.Random(seed)
    px = img.load()
    w, h = img.size
    for _ in range(int(w * h * amount)):
        x, y = rnd.randrange(w), rnd.randrange(h)
        px[x, y] = rnd.choice((0, 90, 200, 255))
    return img


def exif_orientation(value):
    """A minimal EXIF block holding only the Orientation tag (0x0112)."""
    ifd = struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, value, 0)
    ifd += struct.pack("<I", 0)
    return b"Exif\0\0" + b"II*\0" + struct.pack("<I", 8) + ifd


def bomb_png():
    """A valid PNG signature and header claiming 200000 x 200000 pixels,
    with one tiny compressed row: a decompression bomb's shape."""
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c))
    ihdr = struct.pack(">IIBBBBB", 200000, 200000, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    seed = 10 * int(sys.argv[3]) if len(sys.argv) == 4 else 0
    out.mkdir(parents=True, exist_ok=True)
    letter = (src / "decision-letter.txt").read_text(encoding="utf-8").splitlines()
    cert = (src / "mediation-certificate.txt").read_text(encoding="utf-8").splitlines()

    page = draw_page(letter)

    # A phone photo: slightly skewed, a grey cast, dust, stored sideways
    # with EXIF orientation 6 ("rotate 90 clockwise to view"), at 72 dpi
    # as cameras say.
    photo = page.rotate(1.2, resample=Image.BICUBIC, fillcolor=255, expand=False)
    photo = photo.point(lambda v: 40 + v * 180 // 255)
    photo = speckle(photo, seed + 1).convert("RGB")
    sideways = photo.transpose(Image.ROTATE_90)  # pixels turned a quarter left
    sideways.save(out / "decision-photo.jpg", "JPEG", quality=88, dpi=(72, 72),
                  exif=exif_orientation(6))

    speckle(page.copy(), seed + 2).save(out / "decision-scan.png", "PNG", dpi=(DPI, DPI))
    speckle(page.rotate(180), seed + 6).save(out / "decision-upside-down.png", "PNG",
                                             dpi=(DPI, DPI))

    half = len(cert) // 2 + 1
    fax1 = speckle(draw_page(cert[:half]), seed + 3).convert("1")
    fax2 = speckle(draw_page(cert[half:]), seed + 4).convert("1")
    fax1.save(out / "certificate-fax.tif", "TIFF", save_all=True, append_images=[fax2],
              compression="group4", dpi=(DPI, DPI))

    buf = io.BytesIO()
    speckle(page.copy(), seed + 5).save(buf, "PDF", resolution=DPI)
    (out / "decision-scanned.pdf").write_bytes(buf.getvalue())

    whole = io.BytesIO()
    page.convert("RGB").save(whole, "JPEG", quality=80)
    (out / "corrupt.jpg").write_bytes(whole.getvalue()[:700])

    (out / "bomb.png").write_bytes(bomb_png())


if __name__ == "__main__":
    main()
