"""Pictures for the photo tests, made with Pillow: a phone photo with its GPS position in
EXIF (big enough that the puppet service sends it by UUID), a small PNG (sent inline)."""

from __future__ import annotations

import io
import random

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
CAMERA = "GridPhone X1"  # written into the EXIF, so a test can look for it in the stored file


def phone_photo(width: int = 320, height: int = 240, *, seed: int = 1) -> bytes:
    """A JPEG of noise (it compresses badly: about 70 KB at 320x240) carrying a camera
    make, a GPS position and an orientation that turns it on its side."""
    noise = random.Random(seed).randbytes(width * height * 3)
    picture = Image.frombytes("RGB", (width, height), noise)
    exif = Image.Exif()
    exif[MAKE] = CAMERA
    exif[ORIENTATION] = 6  # shown turned 90° clockwise
    exif[GPS_IFD] = {1: "N", 2: (30.0, 15.0, 20.0), 3: "E", 4: (120.0, 9.0, 5.0)}
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def small_png(size: int = 24) -> bytes:
    """A small PNG with transparency (a few hundred bytes: inline over the service)."""
    picture = Image.new("RGBA", (size, size), (0, 120, 200, 128))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()
