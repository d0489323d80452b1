"""Every main page sends the security headers; production mode adds HSTS and secure cookies."""

import pytest
from django.test import Client

PAGES = ["/", "/roadmaps/machine-learning-engineer/", "/accounts/login/", "/accounts/signup/"]


@pytest.fixture
def production_client(settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return Client()  # a new client builds its middleware from these settings


@pytest.mark.parametrize("path", PAGES)
def test_main_pages_send_security_headers(production_client, content, path):
    response = production_client.get(path, secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_plain_http_redirects_to_https_in_production(production_client, content):
    response = production_client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_cookies_are_secure_and_httponly_in_production(production_client, content):
    response = production_client.get("/accounts/login/", secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_the_admin_alone_may_use_inline_styles_and_never_inline_scripts(client, db):
    admin = client.get("/admin/login/")["Content-Security-Policy"]
    site = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in admin
    assert "script-src 'self';" in admin + ";" and "unsafe-inline" not in site
