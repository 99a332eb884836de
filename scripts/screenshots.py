"""Screenshots of a built path page on a desktop and a phone, for the README.

    python scripts/screenshots.py [--site output] [--page en/cafe/] [--out docs/screenshots]

Run it after `python build.py build`; it serves the built site on a loopback port and
photographs the page with Debian's chromium, so the README always shows the real site.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.chromium import browser, serve  # noqa: E402 - needs the path set up above

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 1400, "scale": 1, "mobile": False},
    "phone": {"width": 390, "height": 844, "scale": 2, "mobile": True},
}
# Each device is photographed at the top of the page and where the steps begin.
SPOTS = {"": None, "-steps": ".phase"}


def take(site: Path, page_path: str, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with serve(site) as base, browser() as chromium:
        for name, view in VIEWPORTS.items():
            context = chromium.new_context(
                viewport={"width": view["width"], "height": view["height"]},
                device_scale_factor=view["scale"], is_mobile=view["mobile"], has_touch=view["mobile"],
            )
            page = context.new_page()
            response = page.goto(base + page_path)
            if response is None or not response.ok:
                raise SystemExit(f"screenshots.py: error: {page_path} not found in {site}; build the site first")
            for suffix, selector in SPOTS.items():
                if selector:
                    page.locator(selector).first.evaluate(
                        "e => window.scrollTo({top: e.getBoundingClientRect().top + scrollY, behavior: 'instant'})")
                target = out / f"path-{name}{suffix}.png"
                page.screenshot(path=str(target))
                taken.append(target)
            context.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--page", default="en/cafe/")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    for file in take(args.site, args.page, args.out):
        print(file)


if __name__ == "__main__":
    main()
