"""Security headers for the built site: a strict Content-Security-Policy and its companions.

The build writes them as `_headers`, the file Netlify and Cloudflare Pages read;
docs/nginx.conf shows the same headers for nginx. The theme has no inline scripts or
styles and makes no third-party requests, so the policy allows only the site's own
files, plus the feedback service's origin when site.yaml names one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .model import SiteConfig

HEADERS_FILE = "_headers"

# Browser features a service guide never needs; an empty allow-list switches each off.
PERMISSIONS = ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb")


def content_security_policy(site: SiteConfig) -> str:
    feedback = _feedback_origins(site)
    directives = {
        "default-src": ["'none'"],
        # Pagefind's search compiles WebAssembly, also inside its web worker, which takes the
        # policy of its own file; hosts join per-path policies so that only the strictest
        # survives, so when search is on the allowance has to be site-wide. It allows
        # compiling WebAssembly only, never evaluating JavaScript.
        "script-src": ["'self'", *(["'wasm-unsafe-eval'"] if site.search else [])],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": ["'self'", *feedback],
        "form-action": ["'self'", *feedback],
        "manifest-src": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers(site: SiteConfig) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(site),
        "X-Content-Type-Options": "nosniff",
        # A form posted to another origin (the feedback receiver) carries `Origin: null` under
        # same-origin, and the receiver refuses it; strict-origin-when-cross-origin still sends
        # other sites the origin only, never a page's address.
        "Referrer-Policy": "strict-origin-when-cross-origin" if _feedback_origins(site) else "same-origin",
        "Permissions-Policy": ", ".join(f"{feature}=()" for feature in PERMISSIONS),
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    if site.base_url.startswith("https:"):
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def headers_file(site: SiteConfig) -> bytes:
    """`_headers` in the Netlify / Cloudflare Pages format: every file gets every header."""
    lines = ["# Security headers, written by Polku on every build (see README.md, 'Security headers').", "/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers(site).items()]
    return ("\n".join(lines) + "\n").encode("utf-8")


Rules = list[tuple[str, list[tuple[str, str]]]]


def parse_headers_file(text: str) -> Rules:
    """`_headers` back into (URL pattern, headers) rules, for servers that apply them."""
    rules: Rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules: Rules, url_path: str) -> list[tuple[str, str]]:
    """The headers for one request path: patterns ending in '*' match by prefix."""
    return [
        header
        for pattern, headers in rules
        if (url_path.startswith(pattern[:-1]) if pattern.endswith("*") else url_path == pattern)
        for header in headers
    ]


def _feedback_origins(site: SiteConfig) -> list[str]:
    if not site.feedback.url:
        return []
    parts = urlsplit(site.feedback.url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme in ("http", "https") else []
