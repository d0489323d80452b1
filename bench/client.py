"""A tiny HTTP client for the benchmark: keep-alive connection, cookies, CSRF, log-in.

Standard library only (http.client), so the load generator needs nothing installed.
"""

import gzip
import http.client
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One learner's connection to the site under test, with its own cookies."""

    def __init__(self, host, port, timeout=10):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.conn = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, fields=None, headers=None):
        """(status, headers dict, body text, seconds). Raises OSError/HTTPException on failure."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers.setdefault("X-CSRFToken", self.cookies["csrftoken"])
        started = time.perf_counter()
        conn = self._connection()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except Exception:
            self.close()
            raise
        elapsed = time.perf_counter() - started
        for value in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        if response.getheader("Content-Encoding", "") == "gzip":
            data = gzip.decompress(data)  # as a browser does; Content-Length keeps the sent size
        return response.status, dict(response.headers), data.decode("utf-8", "replace"), elapsed

    def log_in(self, username, password):
        status, _, body, _ = self.request("GET", "/accounts/login/")
        match = TOKEN_RE.search(body)
        if status != 200 or not match:
            raise RuntimeError(f"log-in page answered {status}")
        fields = {"csrfmiddlewaretoken": match.group(1), "username": username}
        fields["password"] = password
        status, headers, _, _ = self.request("POST", "/accounts/login/", fields)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"log-in of {username} answered {status}")
        return self
