"""Production settings pass Django's deploy check, and `make run`'s defaults stay on plain http.

Settings are read at start-up from the environment, so each case starts a fresh interpreter
(bounded by a timeout) with the environment a deployment would have.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

PRODUCTION = {"JXJY_DEBUG": "0", "JXJY_ALLOWED_HOSTS": "jxjy.rst.shaanxi.gov.cn",
              "JXJY_CSRF_TRUSTED_ORIGINS": "https://jxjy.rst.shaanxi.gov.cn", "JXJY_BEHIND_PROXY": "1"}
SHOW = """
import json
from django.conf import settings
names = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
         "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_HTTPONLY",
         "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "SECURE_REFERRER_POLICY",
         "SECURE_CROSS_ORIGIN_OPENER_POLICY", "SECURE_PROXY_SSL_HEADER", "JXJY_TRUST_X_FORWARDED_FOR"]
shown = {n: getattr(settings, n, None) for n in names}
shown["CSP"] = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
print(json.dumps(shown))
"""


def _run(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JXJY_", "DJANGO_"))}
    base.update({"JXJY_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "jxjy.settings"}, **env)
    return subprocess.run([sys.executable, *args], env=base, capture_output=True, text=True, timeout=120,
                          check=False)


def _settings(tmp_path: Path, env: dict[str, str]) -> dict[str, Any]:
    done = _run(tmp_path, env, "-c", "import django; django.setup()\n" + SHOW)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_deploy_check_is_clean_with_production_environment(tmp_path: Path) -> None:
    env = {**PRODUCTION, "JXJY_SECRET_KEY": secrets.token_urlsafe(50)}
    done = _run(tmp_path, env, "-m", "jxjy", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_deploy_check_does_complain_about_plain_http(tmp_path: Path) -> None:
    # The check above can fail: the same deployment declared as plain http is reported.
    env = {**PRODUCTION, "JXJY_SECRET_KEY": secrets.token_urlsafe(50), "JXJY_HTTPS": "0"}
    done = _run(tmp_path, env, "-m", "jxjy", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    assert "security.W012" in done.stderr + done.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path: Path) -> None:
    done = _run(tmp_path, PRODUCTION, "-m", "jxjy", "check")
    assert done.returncode != 0
    assert "JXJY_SECRET_KEY must be set when JXJY_DEBUG=0" in done.stderr


def test_production_settings_are_secure_and_configurable(tmp_path: Path) -> None:
    shown = _settings(tmp_path, {**PRODUCTION, "JXJY_SECRET_KEY": secrets.token_urlsafe(50)})
    assert shown["DEBUG"] is False
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600 and shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert shown["SESSION_COOKIE_SECURE"] and shown["CSRF_COOKIE_SECURE"]
    assert shown["SESSION_COOKIE_HTTPONLY"] and shown["CSRF_COOKIE_HTTPONLY"]
    assert shown["SESSION_COOKIE_SAMESITE"] == shown["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["JXJY_TRUST_X_FORWARDED_FOR"] is True
    assert shown["CSP"]["upgrade-insecure-requests"] is True

    tuned = _settings(tmp_path, {**PRODUCTION, "JXJY_SECRET_KEY": secrets.token_urlsafe(50),
                                 "JXJY_HSTS_SECONDS": "600", "JXJY_BEHIND_PROXY": "0",
                                 "JXJY_CSP_FORM_ACTION": "https://pay.example.com/cashier",
                                 "JXJY_SSO_PROVIDERS": json.dumps([{"name": "sxzwfw", "issuer": "https://zwfw.example.gov.cn/oidc"}])})
    assert tuned["SECURE_HSTS_SECONDS"] == 600
    assert tuned["SECURE_PROXY_SSL_HEADER"] is None and tuned["JXJY_TRUST_X_FORWARDED_FOR"] is False
    assert tuned["CSP"]["form-action"] == ["'self'", "https://zwfw.example.gov.cn", "https://pay.example.com"]


def test_development_defaults_stay_on_plain_http(tmp_path: Path) -> None:
    shown = _settings(tmp_path, {})
    assert shown["DEBUG"] is True
    assert shown["SECURE_SSL_REDIRECT"] is False and shown["SECURE_HSTS_SECONDS"] == 0
    assert shown["SESSION_COOKIE_SECURE"] is False and shown["CSRF_COOKIE_SECURE"] is False
    assert shown["CSP"]["upgrade-insecure-requests"] is False
    assert "'unsafe-inline'" not in shown["CSP"]["script-src"] and shown["CSP"]["object-src"] == ["'none'"]
