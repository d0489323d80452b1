"""Log the bench learners in through the real log-in form; write "sessionid csrftoken" lines.

Usage: python -m bench.sessions HOST PORT FIRST LAST OUTFILE
"""

import os
import sys
from concurrent.futures import ThreadPoolExecutor

from bench.client import Browser

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password-7341")


def session_for(host, port, n):
    # Log-in hashes the password (PBKDF2, deliberately slow): allow for a busy machine.
    browser = Browser(host, port, timeout=120).log_in(f"bench-{n:04d}", PASSWORD)
    browser.close()
    return f"{browser.cookies['sessionid']} {browser.cookies['csrftoken']}"


def main(host, port, first, last, outfile):
    with ThreadPoolExecutor(max_workers=4) as pool:
        lines = list(pool.map(lambda n: session_for(host, port, n), range(first, last + 1)))
    with open(outfile, "w") as out:
        out.write("\n".join(lines) + "\n")
    print(f"logged in {len(lines)} learners -> {outfile}")


if __name__ == "__main__":
    host, port, first, last, outfile = sys.argv[1:6]
    main(host, int(port), int(first), int(last), outfile)
