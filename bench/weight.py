"""Page weight of the roadmap page: its HTML, CSS and JS as a browser downloads them.

Everything is fetched with `Accept-Encoding: gzip` and counted as sent: CSS and JS as
whitenoise sends them (its precompressed .gz files), the HTML as Django's GZipMiddleware does.
Usage: python -m bench.weight HOST PORT OUTFILE
"""

import gzip
import json
import re
import sys

from bench.client import Browser

ASSET_RE = re.compile(r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)"')
BUDGET = 60 * 1024  # issue 16: HTML, CSS and JS of the roadmap page, compressed


def measure(host, port, path="/roadmaps/machine-learning-engineer/"):
    browser = Browser(host, port)
    status, headers, html, _ = browser.request("GET", path, headers={"Accept-Encoding": "gzip"})
    assert status == 200, status
    raw = html.encode()
    files = [
        {
            "path": path,
            "raw": len(raw),
            "sent": int(headers.get("Content-Length", len(raw))),
            "gzip": (
                int(headers["Content-Length"])
                if headers.get("Content-Encoding") == "gzip"
                else len(gzip.compress(raw, 6))
            ),
        }
    ]
    for asset in dict.fromkeys(ASSET_RE.findall(html)):
        if not asset.startswith("/"):
            continue
        conn = Browser(host, port)
        status, headers, _, _ = conn.request("GET", asset, headers={"Accept-Encoding": "gzip"})
        sent = int(headers.get("Content-Length", 0))
        _, plain_headers, _, _ = conn.request("GET", asset)
        files.append(
            {
                "path": asset,
                "raw": int(plain_headers.get("Content-Length", 0)),
                "sent": sent,
                "gzip": sent if headers.get("Content-Encoding") == "gzip" else None,
                "encoding": headers.get("Content-Encoding", ""),
                "cache_control": headers.get("Cache-Control", ""),
            }
        )
        conn.close()
    total = sum(f["gzip"] if f["gzip"] is not None else f["sent"] for f in files)
    return {"files": files, "total_compressed": total, "budget": BUDGET, "ok": total < BUDGET}


def main(host, port, outfile):
    result = measure(host, int(port))
    with open(outfile, "w") as out:
        json.dump(result, out, indent=2)
    for f in result["files"]:
        print(f"  {f['path']}: {f['raw']} B raw, {f['gzip']} B gzip, sent {f['sent']}")
    print(f"  total compressed: {result['total_compressed'] / 1024:.1f} KB (budget 60 KB)")


if __name__ == "__main__":
    main(*sys.argv[1:4])
