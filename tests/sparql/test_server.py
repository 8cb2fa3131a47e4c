"""kg serve as users and attackers meet it: a real Oxigraph behind kg's guard."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.sparql.server import SparqlServer
from kg.sparql.stores import EndpointStore

from ..process import kg, one_line_error, read_until, start_kg, query_url

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/kg/ns#Task> }"


def _count(url: str) -> int:
    return int(EndpointStore(url).select(COUNT)[1][0]["n"])


def _post(url: str, body: bytes, content_type: str, **headers) -> int:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": content_type, **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.fixture(scope="module")
def writable(graph_file):
    with SparqlServer([graph_file], port=0, writable=True) as srv:
        yield srv


def test_serve_then_query_counts_each_task_once(graph_file, workdir):
    process = start_kg("serve", "--graph", str(graph_file), "--port", "0")
    try:
        text = read_until(process, "/query")
        url = query_url(text)
        assert _count(url) == 81
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
    assert process.returncode == 0


def test_service_calls_are_refused(writable):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    url = f"{writable.query_url}?{urllib.parse.urlencode({'query': query})}"
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url, timeout=10)
    assert err.value.code == 403
    assert _post(writable.query_url, query.encode(), "application/sparql-query") == 403
    assert _count(writable.query_url) == 81  # an ordinary query still answers


def test_cross_site_form_post_cannot_empty_the_store(writable):
    """A page on another site posting a form: refused whatever it sends."""
    form = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    assert _post(writable.base + "/update", form, "application/x-www-form-urlencoded",
                 Origin="http://evil.example") == 403
    assert _post(writable.base + "/update", form, "application/x-www-form-urlencoded",
                 Authorization=f"Bearer {writable.token}") == 415
    assert _post(writable.base + "/update", b"DROP ALL", "application/sparql-update") == 401
    assert _count(writable.query_url) == 81


def test_writes_with_the_token_work(graph_file):
    with SparqlServer([graph_file], port=0, writable=True) as srv:
        assert _post(srv.base + "/update", b"DROP ALL", "application/sparql-update",
                     Authorization=f"Bearer {srv.token}") in (200, 204)
        assert _count(srv.query_url) == 0


def test_read_only_server_refuses_writes(graph_file):
    with SparqlServer([graph_file], port=0) as srv:
        assert _post(srv.base + "/update", b"DROP ALL", "application/sparql-update") == 403
        assert _count(srv.query_url) == 81


def test_taken_port_is_named(graph_file, workdir):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = kg("serve", "--graph", str(graph_file), "--port", str(port), timeout=60)
    assert result.returncode == 2
    assert f"127.0.0.1 上的端口 {port} 已被占用" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signals_stop_the_server_and_close_its_port(graph_file, workdir, sig):
    """Also in the background, where a shell makes the process ignore SIGINT."""
    process = start_kg("serve", "--graph", str(graph_file), "--port", "0")
    text = read_until(process, "/query")
    url = query_url(text)
    process.send_signal(sig)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0 and "已停止。" in out and "Traceback" not in err
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2)


def test_the_inner_oxigraph_port_is_gone_nothing_but_the_guard_listens(graph_file, workdir):
    """The store is in kg's own process: no engine child, one listening port (the guard's)."""
    process = start_kg("serve", "--graph", str(graph_file), "--port", "0", "--writable")
    try:
        text = read_until(process, "/query")
        port = int(query_url(text).rsplit(":", 1)[1].split("/")[0])
        assert _children(process.pid) == []
        assert _listening_ports(process.pid) == {port}
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)


def test_sigint_works_when_started_ignoring_it(graph_file, workdir):
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(graph_file), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    read_until(process, "/query")
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)
    assert process.returncode == 0


def _children(parent: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() == str(parent):
            found.append(int(status.parent.name))
    return found


def _listening_ports(pid: int) -> set[int]:
    """The TCP ports process ``pid`` listens on (its socket inodes matched in /proc/net/tcp and tcp6)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _get(url: str, **headers) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as err:
        return err.code


def test_dns_rebinding_another_host_name_is_refused(writable):
    ask = "/query?query=ASK%7B%7D"
    assert _get(writable.base + ask) == 200
    assert _get(writable.base + ask, Host=f"localhost:{writable.port}") == 200
    assert _get(writable.base + ask, Host=f"rebind.evil.example:{writable.port}") == 403
    assert _post(writable.base + "/update", b"DROP ALL", "application/sparql-update",
                 Host=f"rebind.evil.example:{writable.port}", Authorization=f"Bearer {writable.token}") == 403
    assert _count(writable.query_url) == 81


def test_a_write_from_a_page_whose_origin_is_hidden_is_refused(writable):
    """A sandboxed frame sends ``Origin: null``; a browser says ``Sec-Fetch-Site: cross-site``."""
    token = {"Authorization": f"Bearer {writable.token}"}
    assert _post(writable.base + "/update", b"DROP ALL", "application/sparql-update", Origin="null", **token) == 403
    assert _post(writable.base + "/update", b"DROP ALL", "application/sparql-update",
                 **{"Sec-Fetch-Site": "cross-site"}, **token) == 403
    assert _count(writable.query_url) == 81


def test_service_hidden_in_a_unicode_escape_is_refused(writable):
    query = r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert _post(writable.query_url, query.encode(), "application/sparql-query") == 403
    update = r"INSERT { ?s ?p ?o } WHERE { \u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert _post(writable.base + "/update", update.encode(), "application/sparql-update",
                 Authorization=f"Bearer {writable.token}") == 403


def test_load_of_another_url_is_refused_even_with_the_token(writable):
    assert _post(writable.base + "/update", b"LOAD <http://127.0.0.1:9/evil.ttl>", "application/sparql-update",
                 Authorization=f"Bearer {writable.token}") == 403


@pytest.mark.parametrize("token", [" ", "short", "x" * 40])
def test_a_weak_token_is_refused(graph_file, workdir, token):
    result = kg("serve", "--graph", str(graph_file), "--port", "0", "--writable", "--token", token, timeout=60)
    one_line_error(result, "--token 过于简单", "至少需要20个字符")


def test_a_strong_token_given_is_the_write_token(graph_file):
    token = "kg-serve-token-Qm7wZ2pLx9"
    with SparqlServer([graph_file], port=0, writable=True, token=token) as srv:
        assert _post(srv.base + "/update", b"DROP ALL", "application/sparql-update",
                     Authorization=f"Bearer {token}") == 204
        assert _count(srv.query_url) == 0


def test_the_root_says_where_the_endpoint_is(writable):
    with urllib.request.urlopen(writable.base + "/", timeout=10) as answer:
        assert f"SPARQL 1.1 endpoint at {writable.query_url}" in answer.read().decode("utf-8")
    assert _get(writable.base + "/elsewhere") == 404
