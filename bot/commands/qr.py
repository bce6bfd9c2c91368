"""`gridbot qr BUILDING`: the household QR code (一户一码) as PNG and SVG."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "qr", help="write the household QR code (PNG and SVG) that opens a house's page"
    )
    parser.add_argument("building", help="landlord grid code (shima-10) or building number (10)")
    parser.add_argument("--out", default=".", help="directory for CODE.png and CODE.svg")
    parser.add_argument("--scale", type=int, default=8, help="pixels per module (default 8)")
    parser.set_defaults(handler=write_qr)


def write_qr(args: argparse.Namespace) -> int:
    import segno

    from bot.cli import UsageError
    from bot.config import load_settings
    from bot.register.houses import house_entry, house_url

    settings = load_settings(args.config)
    house = house_entry(settings.directory, args.building)
    url = house_url(settings.register.public_url, house.code)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        code = segno.make(url, error="m", micro=False)
        png, svg = out / f"{house.code}.png", out / f"{house.code}.svg"
        code.save(str(png), scale=args.scale, border=4)
        code.save(str(svg), scale=args.scale, border=4, title=f"{house.name} {url}")
    except OSError as error:
        raise UsageError(f"cannot write the QR code to {out}: {error.strerror}") from error
    print(f"{house.name}: {url}")
    print(f"wrote {png} and {svg}")
    return 0
