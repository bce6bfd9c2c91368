"""The media folder keeps pictures only, without EXIF, under the hash of what it stored."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from bot.media import MediaFolder, NotAnImage, clean_image, is_stored_name
from tests.photos import CAMERA, phone_photo, small_png


def test_a_phone_photo_loses_its_exif_and_stands_upright() -> None:
    data, extension, width, height = clean_image(phone_photo(320, 240))
    assert (extension, width, height) == ("jpg", 240, 320)
    assert CAMERA.encode() not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert dict(picture.getexif()) == {} and "exif" not in picture.info


def test_a_picture_with_transparency_stays_a_png() -> None:
    data, extension, _, _ = clean_image(small_png())
    assert extension == "png"
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.mode == "RGBA"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj <<>> endobj",
        b"",
        b"\xff\xd8\xff\xe0 a JPEG's first bytes, then nothing of one",
        phone_photo()[:2000],  # cut off in the middle
    ],
    ids=["pdf", "empty", "fake-jpeg", "truncated"],
)
def test_what_is_no_readable_picture_is_refused(data: bytes) -> None:
    with pytest.raises(NotAnImage):
        clean_image(data)


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded() -> None:
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG")  # 50 megapixels in a few kilobytes
    with pytest.raises(NotAnImage, match="pixels"):
        clean_image(out.getvalue())


async def test_the_same_picture_twice_is_one_file_named_by_its_hash(tmp_path: Path) -> None:
    folder = MediaFolder(tmp_path / "media")
    first = await folder.keep(phone_photo())
    second = await folder.keep(phone_photo())
    [stored] = list((tmp_path / "media").iterdir())
    assert first == second and stored.name == first.name
    assert first.name == f"{hashlib.sha256(stored.read_bytes()).hexdigest()}.jpg"
    assert folder.file(first.name) == stored


@pytest.mark.parametrize(
    "name", ["../media.toml", "z" * 64 + ".jpg", "0" * 64 + ".exe", "0" * 63 + ".jpg", ""]
)
def test_only_a_stored_name_names_a_file(tmp_path: Path, name: str) -> None:
    (tmp_path / "media.toml").write_text("")  # beside the folder: never served
    folder = tmp_path / "media"
    folder.mkdir()
    for other in ("z" * 64 + ".jpg", "0" * 64 + ".exe", "0" * 63 + ".jpg"):
        (folder / other).write_bytes(b"")
    assert not is_stored_name(name)
    assert MediaFolder(folder).file(name) is None
