"""kg app against an intranet attacker: DNS rebinding, cross-site writes, weak tokens, hostile uploads."""
from __future__ import annotations

import re
import urllib.error
import urllib.request
import uuid

import pytest

from ..process import kg, one_line_error
from ..status.test_decompression_bombs import _bomb
from .conftest import running_app


def _get(url: str, **headers) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as err:
        return err.code


def _multipart(fields: dict, file_name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _post(url: str, body: bytes, content_type: str, **headers) -> int:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type, **headers})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status
    except urllib.error.HTTPError as err:
        return err.code


def _form_key(base: str) -> str:
    with urllib.request.urlopen(base + "/office/verify", timeout=30) as answer:
        return re.search(r'name="form_key" value="([^"]+)"', answer.read().decode()).group(1)


def test_dns_rebinding_another_host_name_is_refused(app):
    port = app.rsplit(":", 1)[1]
    assert _get(app + "/") == 200
    assert _get(app + "/", Host=f"localhost:{port}") == 200
    assert _get(app + "/", Host=f"rebind.evil.example:{port}") == 403
    assert _get(app + "/sparql/status-records?format=csv", Host=f"rebind.evil.example:{port}") == 403
    assert _get(app + "/", Host="127.0.0.1:1") == 403  # another port is another origin


def test_cross_site_write_is_refused_even_with_the_form_key(app, app_graph):
    key = _form_key(app)
    form = f"form_key={key}&reported=2023-06-30".encode()
    url = app + "/unit/court/report"
    assert _post(url, form, "application/x-www-form-urlencoded", Origin="http://evil.example") == 403
    assert _post(url, form, "application/x-www-form-urlencoded", **{"Sec-Fetch-Site": "cross-site"}) == 403
    # the same post from the app's own page goes through to the form's own checks (nothing filled: 400)
    assert _post(url, form, "application/x-www-form-urlencoded", Origin=app,
                 **{"Sec-Fetch-Site": "same-origin"}) == 400


def test_a_rejected_upload_does_not_stay_in_the_inbox(app, app_graph, tmp_path):
    template = tmp_path / "template.xlsx"
    made = kg("status", "template", "--as-of", "2023-06-30", "-o", str(template), "-g", str(app_graph))
    assert made.returncode == 0, made.stderr
    bomb = _bomb(template.read_bytes(), tmp_path / "bomb.xlsx", 64 << 20)
    inbox = app_graph / "status" / "inbox"
    before = sorted(inbox.iterdir()) if inbox.exists() else []
    body, kind = _multipart({"form_key": _form_key(app), "kind": "report"}, "bomb.xlsx", bomb.read_bytes())
    assert _post(app + "/office/upload", body, kind, Origin=app) == 400
    body, kind = _multipart({"form_key": _form_key(app), "kind": "report"}, "broken.xlsx", b"PK not a zip")
    assert _post(app + "/office/upload", body, kind, Origin=app) == 400
    assert (sorted(inbox.iterdir()) if inbox.exists() else []) == before


@pytest.mark.parametrize("token", [" ", "secret", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "a b c d e f g h i j k l m n"])
def test_a_weak_token_is_refused(app_graph, token):
    result = kg("app", "-g", str(app_graph), "--host", "0.0.0.0", "--port", "0", "--token", token)
    one_line_error(result, "--token 过于简单", "至少需要20个字符")


def test_a_strong_token_on_every_interface_still_refuses_a_rebound_name(app_graph):
    with running_app(app_graph, "--host", "0.0.0.0", "--token", "kg-test-token-7fQ2xLm9Rv") as base:
        port = base.rsplit(":", 1)[1]
        auth = {"Authorization": "Bearer kg-test-token-7fQ2xLm9Rv"}
        assert _get(f"http://127.0.0.1:{port}/", **auth) == 200
        assert _get(f"http://127.0.0.1:{port}/", Host=f"rebind.evil.example:{port}", **auth) == 403
