"""Page weight of the roadmap page: its HTML, CSS and JS as a browser downloads them.

Counted as sent (Content-Length), twice: as Chrome, Edge and Firefox ask (`gzip, deflate, br,
zstd`: whitenoise's Brotli files for CSS and JS, the page as the site compresses it), which the
budget is judged on, and as a browser that takes gzip only (Safari before 17 and older clients).
Usage: python -m bench.weight HOST PORT OUTFILE
"""

import json
import re
import sys

from bench.client import Browser

ASSET_RE = re.compile(r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)"')
BUDGET = 60 * 1024  # issue 16: HTML, CSS and JS of the roadmap page, compressed
CHROME = "gzip, deflate, br, zstd"
GZIP_ONLY = "gzip"


def _sent(host, port, path, accept):
    conn = Browser(host, port)
    status, headers, body, _ = conn.request("GET", path, headers={"Accept-Encoding": accept})
    assert status == 200, (path, status)
    conn.close()
    return int(headers.get("Content-Length", len(body.encode()))), headers, body


def measure(host, port, path="/roadmaps/machine-learning-engineer/"):
    _, _, html = _sent(host, port, path, GZIP_ONLY)
    files = []
    for name in [path, *dict.fromkeys(a for a in ASSET_RE.findall(html) if a.startswith("/"))]:
        raw, _, _ = _sent(host, port, name, "identity")
        chrome, headers, _ = _sent(host, port, name, CHROME)
        gzip_only, _, _ = _sent(host, port, name, GZIP_ONLY)
        files.append(
            {
                "path": name,
                "raw": raw,
                "sent": chrome,
                "encoding": headers.get("Content-Encoding", ""),
                "gzip": gzip_only,
                "cache_control": headers.get("Cache-Control", ""),
            }
        )
    total = sum(f["sent"] for f in files)
    total_gzip = sum(f["gzip"] for f in files)
    return {
        "files": files,
        "total_compressed": total,
        "total_gzip": total_gzip,
        "budget": BUDGET,
        "ok": total <= BUDGET,
    }


def main(host, port, outfile):
    result = measure(host, int(port))
    with open(outfile, "w") as out:
        json.dump(result, out, indent=2)
    for f in result["files"]:
        print(
            f"  {f['path']}: {f['raw']} B raw, sent {f['sent']} B ({f['encoding'] or 'none'}), "
            f"{f['gzip']} B as gzip"
        )
    print(
        f"  total as Chrome gets it: {result['total_compressed'] / 1024:.1f} KB (budget 60 KB); "
        f"gzip only: {result['total_gzip'] / 1024:.1f} KB"
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
