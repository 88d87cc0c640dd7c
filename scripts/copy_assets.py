#!/usr/bin/env python3
"""Copy the browser libraries installed by `npm ci` into static/vendor/.

The portal serves every script itself (the servers have no internet, so no CDN).
static/vendor/ is not committed: `make assets` runs `npm ci` (versions pinned in
package-lock.json) and then this script; collectstatic and whitenoise take it from there.
"""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# package -> files to copy from the package into static/vendor/<package>/
ASSETS = {
    "echarts": ["dist/echarts.min.js", "LICENSE"],
}


def copy_assets():
    copied = []
    for package, files in ASSETS.items():
        package_dir = NODE_MODULES / package
        if not package_dir.is_dir():
            raise SystemExit(f"copy_assets: {package_dir} is missing; run `npm ci` first.")
        version = json.loads((package_dir / "package.json").read_text())["version"]
        target = VENDOR / package
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            source = package_dir / name
            shutil.copy2(source, target / Path(name).name)
            copied.append(f"{package}@{version}: {name}")
    return copied


if __name__ == "__main__":
    for line in copy_assets():
        print(f"copied {line}", file=sys.stderr)
