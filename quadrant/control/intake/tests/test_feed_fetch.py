"""URL feeds cannot reach the organisation's own network: a real http server on 127.0.0.1 is
refused by default (directly and through a redirect from an allowed host), read only when an
administrator allow-lists it; redirects, time-outs and size are bounded; what a refused or
unreadable answer held is not shown back on the feed page."""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError

from quadrant.control.intake.feeds import run_data_source, save_data_source
from quadrant.control.intake.models import DataSource, FeedStatus
from quadrant.control.measures.models import Observation
from quadrant.core import safe_fetch
from quadrant.core.safe_fetch import internal_kind

pytestmark = pytest.mark.django_db
GOOD = "code,date,value\nHH-A,2024-01-01,96\nHH-A,2024-01-08,97.5\n"
SECRET = "internal-service-secret-4711"


class Server:
    """A threading http.server on 127.0.0.1 that records the paths and Host headers it got."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append((self.path, self.headers.get("Host", "")))
                owner.answer(self)

            def log_message(self, *args: object) -> None:  # keep the test output quiet
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [path for path, _host in self.requests]

    def answer(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        if parts.path == "/data.csv":
            self._send(handler, 200, GOOD, "text/csv")
        elif parts.path == "/page":
            self._send(handler, 200, f"<html><body>{SECRET}</body></html>", "text/html")
        elif parts.path == "/long-cells.csv":
            body = "code,date,value\n" + "".join(
                f"HH-A,2024-01-{day:02d},{SECRET * 20}\n" for day in range(1, 20)
            )
            self._send(handler, 200, body, "text/plain")
        elif parts.path == "/to":
            handler.send_response(302)
            handler.send_header("Location", query["url"][0])
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        elif parts.path == "/hops":
            left = int(query["n"][0])
            target = "/data.csv" if left == 0 else f"/hops?n={left - 1}"
            handler.send_response(301)
            handler.send_header("Location", target)  # relative, as servers often send
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        elif parts.path == "/big.csv":
            self._send(handler, 200, "code,date,value\n" + "HH-A,2024-01-01,1\n" * 200, "text/csv")
        elif parts.path == "/slow.csv":
            time.sleep(1.5)
            self._send(handler, 200, GOOD, "text/csv")
        else:
            self._send(handler, 404, "not here", "text/plain")

    @staticmethod
    def _send(
        handler: http.server.BaseHTTPRequestHandler, status: int, body: str, kind: str
    ) -> None:
        data = body.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


@pytest.fixture
def allow(settings):
    """allow("host", ...) allow-lists hosts as an administrator would."""

    def set_hosts(*hosts: str) -> None:
        settings.QUADRANT_FEED_ALLOWED_HOSTS = list(hosts)

    set_hosts()
    return set_hosts


def url_feed(people, org, location: str) -> DataSource:
    name = f"Warehouse {DataSource.objects.count() + 1}"
    data = {"name": name, "kind": "url", "location": location, "schedule": "daily",
            "org_unit": org.ward_a}  # fmt: skip
    return save_data_source(None, data, actor=people["analyst"])


def stored_feed(people, org, location: str) -> DataSource:
    """A feed whose address is checked only when it runs (saved while it was allowed)."""
    source = url_feed(people, org, "https://example.org/returns.csv")
    DataSource.objects.filter(pk=source.pk).update(location=location)
    return source


def failure(source: DataSource) -> str:
    source.refresh_from_db()
    assert source.last_status == FeedStatus.FAILED
    return source.last_error


# ---------------------------------------------------------------- the address rules


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"), ("127.8.8.8", "loopback"), ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("172.16.0.9", "private"),
        ("192.168.1.1", "private"), ("fc00::1", "private"), ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"), ("::ffff:169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"), ("::", "unspecified"),  # noqa: S104 - an address to refuse
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"), ("240.0.0.1", "reserved"), ("100.64.0.1", "public internet"),
    ],
)  # fmt: skip
def test_internal_addresses_are_named_by_their_rule(address, kind):
    assert kind in internal_kind(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2001:4860:4860::8888"])
def test_public_addresses_are_allowed(address):
    assert internal_kind(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "ftp://example.org/a.csv", "gopher://example.org/", "example.org/a",
     "http://", "http://example.org:port/a.csv"],
)  # fmt: skip
def test_only_http_and_https_addresses_are_accepted(people, org, allow, location):
    with pytest.raises(ValidationError) as refused:
        url_feed(people, org, location)
    assert "location" in refused.value.message_dict


@pytest.mark.parametrize(
    ("location", "rule"),
    [
        ("http://127.0.0.1:8000/a.csv", "127.0.0.1 is a loopback address"),
        ("http://localhost/a.csv", "localhost (which resolves to 127.0.0.1) is a loopback"),
        ("http://[::ffff:7f00:1]/a.csv", "a loopback address"),
        ("http://0.0.0.0/a.csv", "an unspecified address"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
        ("http://[fe80::1]/a.csv", "a link-local address"),
        ("https://10.0.0.5/a.csv", "a private address"),
    ],
)
def test_an_internal_address_is_refused_when_saved_naming_the_rule(
    people, org, allow, location, rule
):
    with pytest.raises(ValidationError) as refused:
        url_feed(people, org, location)
    message = " ".join(refused.value.message_dict["location"])
    assert rule in message and "QUADRANT_FEED_ALLOWED_HOSTS" in message


def test_the_form_names_the_location_field(people, org, client_for, allow):
    response = client_for("analyst").post(
        "/control/measures/feeds/new/",
        {"name": "Metadata", "kind": "url", "location": "http://169.254.169.254/latest/",
         "schedule": "daily", "org_unit": org.ward_a.pk},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "a link-local address" in page
    assert 'id="id_location-error"' in page or "nhsuk-error-message" in page
    assert not DataSource.objects.filter(name="Metadata").exists()


# ---------------------------------------------------------------- a real server on 127.0.0.1


def test_a_loopback_server_is_refused_by_default_and_never_contacted(
    people, org, measures, server, allow
):
    source = stored_feed(people, org, server.url("/data.csv"))
    assert run_data_source(source.pk).startswith("Failed: The feed address 127.0.0.1 is a loopback")
    assert "is a loopback address" in failure(source)
    assert server.requests == []  # refused before connecting
    assert Observation.objects.count() == 0


def test_a_redirect_from_an_allowed_host_to_loopback_is_refused(
    people, org, measures, server, allow
):
    allow("localhost")  # the redirecting host is allowed; where it points is not
    source = url_feed(people, org, server.url(f"/to?url={server.url('/data.csv')}", "localhost"))
    run_data_source(source.pk)
    error = failure(source)
    assert "redirects to 127.0.0.1, which is a loopback address" in error
    assert server.paths() == [f"/to?url={server.url('/data.csv')}"]  # /data.csv never asked
    assert Observation.objects.count() == 0


def test_an_allow_listed_host_is_read(people, org, measures, server, allow):
    allow("127.0.0.1")
    source = url_feed(people, org, server.url("/data.csv"))
    assert run_data_source(source.pk) == "2 new, 0 changed, 0 unchanged"
    assert Observation.objects.filter(measure__code="HH-A").count() == 2


def test_every_resolved_address_is_checked_and_the_connection_pinned(
    people, org, measures, server, allow, monkeypatch
):
    answers = {"public-and-internal.example.test": ["93.184.216.34", "127.0.0.1"]}
    looked_up: list[str] = []

    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host not in answers:  # the address itself, when urllib3 connects to it
            return real(host, port, *args, **kwargs)
        looked_up.append(host)
        addresses = answers[host]
        answers[host] = ["10.9.9.9"]  # a rebinding answer for any second look-up
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    monkeypatch.setattr(safe_fetch.socket, "getaddrinfo", resolve)
    mixed = url_feed(people, org, server.url("/data.csv", "public-and-internal.example.test"))
    run_data_source(mixed.pk)
    assert "resolves to 127.0.0.1) is a loopback" in failure(mixed) and server.requests == []

    allow("warehouse.example.test")
    answers["warehouse.example.test"] = ["127.0.0.1"]
    looked_up.clear()
    source = url_feed(people, org, server.url("/data.csv", "warehouse.example.test"))
    assert run_data_source(source.pk).startswith("2 new")
    assert looked_up == ["warehouse.example.test"]  # one look-up; connected to what it said
    assert server.requests == [("/data.csv", f"warehouse.example.test:{server.port}")]


def test_redirects_are_followed_at_most_three_times(people, org, measures, server, allow):
    allow("127.0.0.1")
    three = url_feed(people, org, server.url("/hops?n=2"))  # 3 redirects, then the data
    assert run_data_source(three.pk).startswith("2 new")
    four = url_feed(people, org, server.url("/hops?n=3"))
    server.requests.clear()
    run_data_source(four.pk)
    assert "redirected more than 3 times" in failure(four)
    assert len(server.requests) == 4 and "/data.csv" not in server.paths()


def test_size_cap_and_read_timeout(people, org, measures, server, allow, settings):
    allow("127.0.0.1")
    settings.QUADRANT_FEED_MAX_MB = 1 / 1024  # 1 KB
    big = url_feed(people, org, server.url("/big.csv"))
    run_data_source(big.pk)
    assert "larger than" in failure(big)
    settings.QUADRANT_FEED_READ_TIMEOUT = 0.3
    slow = url_feed(people, org, server.url("/slow.csv"))
    started = time.monotonic()
    run_data_source(slow.pk)
    assert time.monotonic() - started < 1.4
    assert "stopped sending for more than 0.3 seconds" in failure(slow)
    assert Observation.objects.count() == 0


# ---------------------------------------------------------------- nothing read back


def test_a_web_page_is_refused_without_showing_it(people, org, measures, server, allow, client_for):
    allow("127.0.0.1")
    source = url_feed(people, org, server.url("/page"))
    run_data_source(source.pk)
    assert "answered with a web page (text/html)" in failure(source)
    page = client_for("analyst").get(f"/control/measures/feeds/{source.pk}/").content.decode()
    assert "answered with a web page" in page and SECRET not in page


def test_import_errors_name_the_rows_but_cut_cell_values_short(
    people, org, measures, server, allow, client_for
):
    allow("127.0.0.1")
    source = url_feed(people, org, server.url("/long-cells.csv"))
    run_data_source(source.pk)
    lines = failure(source).splitlines()
    assert len(lines) == 10 and lines[0].startswith("Row 2, column value:")
    assert all(len(line) <= 160 for line in lines)
    page = client_for("analyst").get(f"/control/measures/feeds/{source.pk}/").content.decode()
    assert SECRET * 6 not in page  # a cell is cut short, never the whole answer shown back
