"""The audit trail as the office meets it: every write, from the CLI or the workbench, leaves one entry that the
audit page lists; sign-ins are recorded and throttled per name and address; an edited line breaks the chain."""
from __future__ import annotations

import json

import pytest

from kg.app import Guard, Workbench, create_app
from kg.app.accounts import Accounts

from ..conftest import copy_graph
from ..process import kg
from ..status.forms import csv_report, fill_review

OFFICE, PASSWORD = "督办室", "office-pass-123"
UNIT, UNIT_PASSWORD = "县市场监管局", "market-pass-456"
HOME, STRANGER = "10.0.0.5", "10.0.0.66"


def _ok(*args: str, input: str | None = None) -> str:
    result = kg(*args, input=input)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _trail(graph) -> list[dict]:
    path = graph / "app" / "audit.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@pytest.fixture(scope="module", autouse=True)
def cheap_hashes():
    """Passwords hashed with argon2-cffi's CHEAPEST parameters, its profile for tests, in this module only: the
    same argon2id code with 8 KiB and one pass instead of 64 MiB and three (0.16 s of CPU a hash). These tests
    are about the audit trail and the sign-in throttle, which hash some forty times (every failed sign-in
    hashes, so that an unknown name takes as long as a known one); test_accounts signs in through a real
    kg app, with kg's own parameters, and checks what it stores."""
    import argon2
    from argon2.profiles import CHEAPEST

    real = argon2.PasswordHasher
    patch = pytest.MonkeyPatch()
    patch.setattr(argon2, "PasswordHasher", lambda: real.from_parameters(CHEAPEST))  # kg imports it when it hashes
    yield
    patch.undo()


@pytest.fixture(scope="module")
def office(built, tmp_path_factory):
    """A graph whose office and one unit have passwords, made on the CLI."""
    graph = copy_graph(built, tmp_path_factory.mktemp("audit") / "graph")
    _ok("app", "users", "add", OFFICE, "--role", "office", "--password", "-g", str(graph),
        input=f"{PASSWORD}\n{PASSWORD}\n")
    _ok("app", "users", "add", UNIT, "--role", "unit", "--password", "--as", OFFICE, "-g", str(graph),
        input=f"{UNIT_PASSWORD}\n{UNIT_PASSWORD}\n")
    return graph


@pytest.fixture(scope="module")
def app(office):
    """The workbench over that graph, in this process: each test client below comes from its own address."""
    return create_app(Workbench(office), Guard(writable=True, accounts=True))


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _sign_in(app, client, name: str, password: str):
    return client.post("/login", data={"name": name, "password": password,
                                       "form_key": app.extensions["kg"][1].form_key})


def _audit_page(app, query: str = "") -> str:
    client = _client(app, HOME)
    assert _sign_in(app, client, OFFICE, PASSWORD).status_code == 302
    page = client.get("/office/audit" + query)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _review(graph, tmp_path):
    """The office's review sheet for June, task 4 verified red, with its reason."""
    _ok("status", "review", "--as-of", "2023-06-30", "-o", str(tmp_path / "blank.xlsx"), "-g", str(graph))
    return fill_review((tmp_path / "blank.xlsx").read_bytes(), tmp_path / "review.xlsx", {4: {"核定 verified": "红", "核定理由 reason": "逾期未完成"}})


def test_each_write_on_the_command_line_leaves_one_entry_that_the_audit_page_lists(office, app, tmp_path):
    g = str(office)
    steps = [
        (("app", "users", "add", "县领导", "--role", "viewer", "--as", "王五"), "account-add", "王五"),
        (("app", "users", "link", "县领导", "--as", "王五"), "account-link", "王五"),
        (("status", "import", str(csv_report(tmp_path / "june.csv", "4,红,2023-06-20,\n")), "--as", UNIT),
         "upload-report", UNIT),
        (("status", "verify", str(_review(office, tmp_path)), "--as", OFFICE), "upload-verify", OFFICE),
        (("status", "supervise", "--month", "2023-06", "--as-of", "2023-06-30", "-o", str(tmp_path), "--as", OFFICE),
         "supervise", OFFICE),
        (("status", "publish", "--as-of", "2023-06-30", "--as", OFFICE), "publish", OFFICE),
        (("app", "users", "reset", "县领导", "--password", "--as", "王五"), "account-reset", "王五"),
        (("app", "users", "remove", "县领导"), "account-remove", None),
    ]
    import getpass
    import socket

    for args, kind, who in steps:
        before = _trail(office)
        _ok(*args, "-g", g, input="viewer-pass-789\nviewer-pass-789\n" if "reset" in args else None)
        if "reset" in args:  # the new password works, and it is not in the trail
            assert Accounts(office).check_password("县领导", "viewer-pass-789")
        after = _trail(office)
        assert len(after) == len(before) + 1, args
        entry = after[-1]
        assert (entry["action"], entry["who"], entry["from"]) == (kind, who or getpass.getuser(),
                                                                  f"cli@{socket.gethostname()}"), entry
    assert "viewer-pass-789" not in (office / "app" / "audit.jsonl").read_text(encoding="utf-8")
    assert _trail(office)[-4]["role"] == "office"
    assert _trail(office)[-5]["detail"] == {"file": "review.xlsx"}  # --as an account: its role is recorded too
    page = _audit_page(app)
    for label in ("添加账号", "发放登录链接", "重设密码", "导入填报表", "导入核定表", "签发督办单", "发布月度数据", "删除账号"):
        assert f"<td>{label}</td>" in page, label
    assert f"cli@{socket.gethostname()}" in page and "王五" in page and "校验链完整" in page
    # Each write is PROV in the graph too, read with the status files.
    prov = _ok("query", "status-provenance", "-f", "csv", "-g", g)
    assert any(",supervise,督办室,office," in line and "/status/supervise/" in line for line in prov.splitlines()), prov
    assert any(",account-remove," in line and f"cli@{socket.gethostname()}" in line for line in prov.splitlines()), prov


def test_sign_ins_are_recorded_never_the_password_and_listed_by_account_and_kind(office, app):
    client = _client(app, HOME)
    assert _sign_in(app, client, UNIT, "not-the-password").status_code == 401
    assert _sign_in(app, client, UNIT, UNIT_PASSWORD).status_code == 302
    assert client.post("/logout").status_code == 302
    token = _ok("app", "users", "link", UNIT, "-g", str(office)).splitlines()[0].rsplit("/", 1)[1]
    assert client.get(f"/login/{token}").status_code == 302
    assert client.get(f"/login/{token}").status_code == 401  # used once
    kinds = [(e["action"], e["who"], e["from"]) for e in _trail(office)[-6:]]
    assert kinds == [("login-failed", UNIT, HOME), ("login", UNIT, HOME), ("logout", UNIT, HOME),
                     ("account-link", kinds[3][1], kinds[3][2]), ("login-link", UNIT, HOME), ("login-failed", "", HOME)]
    text = (office / "app" / "audit.jsonl").read_text(encoding="utf-8") + (office / "app" / "audit.trig").read_text(
        encoding="utf-8")
    assert UNIT_PASSWORD not in text and "not-the-password" not in text and token not in text
    mine = _audit_page(app, f"?who={UNIT}&kind=login")
    assert mine.count("<tr data-kind=") == mine.count('<tr data-kind="login">') >= 1 and "10.0.0.5" in mine
    failed = _audit_page(app, "?kind=login-failed")
    assert failed.count('<tr data-kind="login-failed">') == failed.count("<tr data-kind=") >= 2
    assert "登录失败" in failed and f'<option value="{UNIT}"' in failed


def test_a_stranger_guessing_a_units_password_does_not_lock_the_unit_out(office, app):
    stranger = _client(app, STRANGER)
    for attempt in range(5):
        refused = _sign_in(app, stranger, UNIT, f"guess-{attempt}")
        assert refused.status_code == 401
    assert "次数过多" in refused.get_data(as_text=True)
    # Locked: even the right password is refused from the stranger's address, and that is not counted.
    assert "次数过多" in _sign_in(app, stranger, UNIT, UNIT_PASSWORD).get_data(as_text=True)
    assert [e["action"] for e in _trail(office)[-2:]] == ["login-failed", "lockout"]
    # The unit, from its own address, signs in as usual.
    home = _client(app, HOME)
    assert _sign_in(app, home, UNIT, UNIT_PASSWORD).status_code == 302
    assert home.get("/").status_code == 302 and home.get("/unit/market-supervision").status_code == 200
    # The lockout is on the audit page, with the stranger's address.
    page = _audit_page(app, "?kind=lockout")
    assert "登录锁定" in page and STRANGER in page


def test_guessing_many_names_from_one_address_locks_that_address(office, app):
    guesser = _client(app, "10.0.0.77")
    for attempt in range(20):
        _sign_in(app, guesser, f"某单位{attempt}", "wrong-password")
    assert "次数过多" in _sign_in(app, guesser, OFFICE, PASSWORD).get_data(as_text=True)
    home = _client(app, HOME)
    assert _sign_in(app, home, OFFICE, PASSWORD).status_code == 302


def test_a_line_edited_in_the_middle_breaks_the_chain_and_the_page_shows_it(office, app):
    g = str(office)
    intact = kg("app", "audit", "verify", "-g", g)
    assert intact.returncode == 0 and "校验链完整" in intact.stdout, intact.stderr
    path, prov = office / "app" / "audit.jsonl", office / "app" / "audit.trig"
    kept, kept_prov = path.read_bytes(), prov.read_bytes()
    lines = kept.decode("utf-8").splitlines(keepends=True)
    middle = len(lines) // 2
    lines[middle] = lines[middle].replace('"at": "20', '"at": "19', 1)
    try:
        path.write_text("".join(lines), encoding="utf-8")
        broken = kg("app", "audit", "verify", "-g", g)
        assert broken.returncode == 1 and "Traceback" not in broken.stderr
        assert len(broken.stderr.strip().splitlines()) == 1 and f"audit.jsonl:{middle + 1}:" in broken.stderr, broken.stderr
        assert f"第 {middle + 1} 行" in broken.stderr
        assert "校验链断开" in _audit_page(app)
        # Removing the last line is found too: the graph holds an entry the trail no longer has.
        path.write_bytes(kept.rsplit(b"\n", 2)[0] + b"\n")
        prov.write_bytes(kept_prov)
        cut = kg("app", "audit", "verify", "-g", g)
        assert cut.returncode == 1 and "末尾" in cut.stderr, cut.stderr
    finally:
        path.write_bytes(kept)
        prov.write_bytes(kept_prov)
    assert kg("app", "audit", "verify", "-g", g).returncode == 0
