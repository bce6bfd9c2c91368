"""Re-fetch the pinned Apache ECharts from the npm registry and check it (`make vendor-echarts`).

The console serves `bot/web/static/vendor/echarts/echarts.min.js` itself (no CDN: it must
work offline), so the file is kept in the repository with its licence. This script is how
it got there and how to check or renew it: it runs `npm pack` for the version in PINNED,
checks the tarball against the registry's integrity hash and the file against its
sha256, and writes the file, LICENSE, NOTICE and LICENSE-d3 beside PINNED. To move to a
new version, change `version` and both hashes in PINNED (from `npm view echarts@X dist`).
With `--check` it only compares, and exits 1 if the repository's copy differs.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "bot" / "web" / "static" / "vendor" / "echarts"
COPIED = {
    "package/dist/echarts.min.js": "echarts.min.js",
    "package/LICENSE": "LICENSE",
    "package/NOTICE": "NOTICE",
    "package/licenses/LICENSE-d3": "LICENSE-d3",
}


def pinned() -> dict[str, str]:
    values = {}
    for line in (VENDOR / "PINNED").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; change nothing")
    args = parser.parse_args()
    pin = pinned()
    with tempfile.TemporaryDirectory() as folder:
        spec = f"{pin['package']}@{pin['version']}"
        subprocess.run(
            ["npm", "pack", spec, "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL
        )
        tarball = next(Path(folder).glob("*.tgz")).read_bytes()
        algorithm, _, expected = pin["integrity"].partition("-")
        actual = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
        if actual != expected:
            print(f"{spec}: the tarball's {algorithm} is not the pinned one", file=sys.stderr)
            return 1
        with tarfile.open(Path(folder) / next(Path(folder).glob("*.tgz")).name) as archive:
            files = {}
            for member, name in COPIED.items():
                extracted = archive.extractfile(member)
                if extracted is None:
                    print(f"{spec}: {member} is missing", file=sys.stderr)
                    return 1
                files[name] = extracted.read()
    if sha256(files["echarts.min.js"]) != pin["sha256"]:
        print(f"{spec}: {pin['file']} does not have the pinned sha256", file=sys.stderr)
        return 1
    differs = [name for name, data in files.items() if (VENDOR / name).read_bytes() != data]
    if args.check:
        print(
            f"{spec}: "
            + (f"differs: {', '.join(differs)}" if differs else "the vendored copy matches")
        )
        return 1 if differs else 0
    for name, data in files.items():
        (VENDOR / name).write_bytes(data)
    print(f"{spec}: wrote {', '.join(files)} to {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
