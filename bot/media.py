"""Photos kept with events: checked to be an image, stripped of EXIF, stored by content hash.

A photo a resident sends of a leak often carries the phone's GPS position and the camera's
serial in its EXIF block: what is kept is the picture alone. Pillow decodes it (so a file
that is not an image, or a decompression bomb, is refused), turns it upright as the EXIF
orientation says (the only EXIF value that changes how it looks), and encodes it again with
no metadata: JPEG for photos, PNG for pictures with transparency. The stored name is the
SHA-256 of the stored bytes, so the same picture sent twice is one file, and a name reveals
nothing of who sent it or when.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; more is refused, not decoded
JPEG_QUALITY = 88
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "HEIF", "MPO", "TIFF")  # read; others refused
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}
_STORED_NAME = re.compile(r"[0-9a-f]{64}\.(jpg|png)")


class NotAnImage(ValueError):
    """The bytes are not a picture Pillow reads (a PDF, a document, a cut-off file...)."""


@dataclass(frozen=True, slots=True)
class StoredImage:
    name: str  # "<sha256>.jpg": the file's name under the media folder
    size: int  # bytes stored
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return content_type(self.name)


def content_type(name: str) -> str:
    return CONTENT_TYPES[name.rsplit(".", 1)[-1]]


def is_stored_name(name: str) -> bool:
    """A name this store gives (and nothing else: no path, no other extension)."""
    return _STORED_NAME.fullmatch(name) is not None


def clean_image(data: bytes) -> tuple[bytes, str, int, int]:
    """The picture in `data` encoded again without metadata: (bytes, extension, width,
    height). NotAnImage for anything that is not a readable picture within MAX_PIXELS."""
    try:
        with warnings.catch_warnings():
            # Pillow warns (and errors past twice its limit) on huge images: refused below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                if opened.format not in FORMATS:
                    raise NotAnImage(f"{opened.format} pictures are not kept")
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise NotAnImage(f"{width}x{height} is more than {MAX_PIXELS} pixels")
                opened.seek(0)  # an animation: its first frame
                picture = ImageOps.exif_transpose(opened)
                picture.load()
    except (UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise NotAnImage(str(error)) from error
    except (OSError, SyntaxError, ValueError) as error:  # truncated or broken data
        if isinstance(error, NotAnImage):
            raise
        raise NotAnImage(f"the picture cannot be read: {error}") from error
    transparent = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    out = io.BytesIO()
    if transparent:
        picture.convert("RGBA").save(out, "PNG", optimize=True)
        extension = "png"
    else:
        picture.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    return out.getvalue(), extension, picture.width, picture.height


class MediaFolder:
    """The configured media folder (`[media] path`): where photos are written and read."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def keep(self, data: bytes) -> StoredImage:
        """Clean `data` (NotAnImage if it is none) and store it under its content hash."""
        return await asyncio.to_thread(self._keep, data)

    def _keep(self, data: bytes) -> StoredImage:
        clean, extension, width, height = clean_image(data)
        name = f"{hashlib.sha256(clean).hexdigest()}.{extension}"
        target = self.path / name
        if not target.exists():
            self.path.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{name}.{os.getpid()}.part")
            partial.write_bytes(clean)
            os.replace(partial, target)  # whole or not at all, even if two write it at once
        return StoredImage(name, len(clean), width, height)

    def file(self, name: str) -> Path | None:
        """The stored file `name`, if the name is one this store gives and it exists."""
        if not is_stored_name(name):
            return None
        path = self.path / name
        return path if path.is_file() else None
