"""Fetch a web address for the server without letting it reach the organisation's own network.

A user who saves an address makes the server connect to it (server-side request forgery), so
every address a host name resolves to, at every redirect hop, is checked against the kinds of
internal address (loopback, private, link-local, multicast, unspecified, reserved); only hosts
an administrator allow-lists may be internal. The connection goes to the very address that was
checked (no second DNS look-up to rebind), redirects are followed here, not by the library,
and connect and read time-outs and a size cap apply.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


class FetchRefused(Exception):
    """Quadrant will not fetch from this address; the message names the rule."""


class FetchFailed(Exception):
    """The address could not be read (not found, timed out, too large, an error answer)."""


@dataclass(frozen=True)
class FetchLimits:
    """What a fetch may do. ALLOWED_HOSTS may be internal ("host", or ".domain" for a domain
    and its subdomains); SETTING names where an administrator sets them, for the messages."""

    allowed_hosts: tuple[str, ...] = ()
    connect_timeout: float = 10
    read_timeout: float = 60
    max_bytes: int = 500 * 1024 * 1024
    max_redirects: int = 3
    setting: str = "QUADRANT_FEED_ALLOWED_HOSTS"
    what: str = "web address"


@dataclass(frozen=True)
class Fetched:
    content: bytes
    url: str  # the address finally read, after any redirects
    content_type: str


def internal_kind(address: IPAddress) -> str | None:
    """Which kind of internal address ADDRESS is ("a loopback address"); None when public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),  # before private: 3.11 counts 240/4 as both
        ("is_private", "a private address"),
    )
    for attribute, kind in checks:
        if getattr(address, attribute):
            return kind
    return None if address.is_global else "an address that is not on the public internet"


def host_is_allowed(host: str, allowed: Iterable[str]) -> bool:
    """HOST is one of ALLOWED (".example.org" allows the domain and its subdomains)."""
    host = host.lower().rstrip(".")
    for entry in (item.strip().lower().rstrip(".") for item in allowed):
        if not entry:
            continue
        if host == entry.lstrip(".") or (entry.startswith(".") and host.endswith(entry)):
            return True
    return False


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _refusal(limits: FetchLimits, host: str, address: IPAddress, kind: str, hop: int) -> str:
    where = host if _literal(host) else f"{host} (which resolves to {address})"
    said = f"redirects to {where}, which is" if hop else f"{where} is"
    return (
        f"The {limits.what} {said} {kind}: Quadrant does not fetch from addresses inside the "
        f"organisation's network unless an administrator adds the host to {limits.setting}."
    )


def url_problem(url: str, limits: FetchLimits) -> str | None:
    """Why URL may not be fetched, from the address alone (no DNS look-up); None: it may be
    tried. Used when the address is saved; fetch_url checks every resolved address again."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - a port that is not a number raises ValueError
    except ValueError:
        return f"Enter a {limits.what} in the form https://host/path."
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"Enter a {limits.what} starting with http:// or https://."
    host = parts.hostname
    if host_is_allowed(host, limits.allowed_hosts):
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return _refusal(limits, host, ipaddress.ip_address("127.0.0.1"), "a loopback address", 0)
    address = _literal(host)
    kind = internal_kind(address) if address is not None else None
    return _refusal(limits, host, address, kind, 0) if address is not None and kind else None


def checked_addresses(host: str, port: int, limits: FetchLimits, hop: int = 0) -> list[IPAddress]:
    """Every address HOST resolves to, each allowed (FetchRefused naming the first that is not)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchFailed(f"the host {host} could not be found") from exc
    addresses: list[IPAddress] = []
    for *_ignored, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchFailed(f"the host {host} could not be found")
    if not host_is_allowed(host, limits.allowed_hosts):
        for address in addresses:
            kind = internal_kind(address)
            if kind:
                raise FetchRefused(_refusal(limits, host, address, kind, hop))
    return addresses


def _pool(scheme: str, address: IPAddress, port: int, host: str, limits: FetchLimits) -> object:
    """A connection pool to ADDRESS itself; HTTPS still checks the certificate against HOST."""
    timeout = urllib3.Timeout(connect=limits.connect_timeout, read=limits.read_timeout)
    if scheme == "https":
        import certifi

        return urllib3.HTTPSConnectionPool(
            str(address), port, timeout=timeout, retries=False, maxsize=1,
            server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )  # fmt: skip
    return urllib3.HTTPConnectionPool(str(address), port, timeout=timeout, retries=False, maxsize=1)


def _get(url: str, limits: FetchLimits, hop: int) -> urllib3.BaseHTTPResponse:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(
            f"The {limits.what} redirects to {url[:200]}, which is not http or https."
        )
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchFailed(f"the address {url[:200]} has a port that is not a number") from exc
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Host": parts.netloc.rsplit("@", 1)[-1],
        "User-Agent": "Quadrant data feed",
        "Accept": "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, "
        "application/fhir+json, application/json;q=0.9, */*;q=0.1",
    }
    last_error: Exception | None = None
    for address in checked_addresses(host, port, limits, hop):
        pool = _pool(parts.scheme, address, port, host, limits)
        try:
            return pool.urlopen(  # type: ignore[attr-defined, no-any-return]
                "GET", target, headers=headers, redirect=False, retries=False,
                preload_content=False, assert_same_host=False,
            )  # fmt: skip
        except (
            urllib3.exceptions.NewConnectionError,
            urllib3.exceptions.ConnectTimeoutError,
        ) as exc:
            last_error = exc  # try the host's next address
        except urllib3.exceptions.HTTPError as exc:
            raise FetchFailed(_plain(exc, host, limits)) from exc
    raise FetchFailed(_plain(last_error, host, limits)) from last_error


def _plain(exc: Exception | None, host: str, limits: FetchLimits) -> str:
    if isinstance(exc, urllib3.exceptions.NewConnectionError):  # a subclass of the time-out
        return f"could not connect to {host}"
    if isinstance(exc, urllib3.exceptions.ConnectTimeoutError):
        return f"{host} did not answer within {limits.connect_timeout:g} seconds"
    if isinstance(exc, urllib3.exceptions.ReadTimeoutError):
        return f"{host} stopped sending for more than {limits.read_timeout:g} seconds"
    if isinstance(exc, urllib3.exceptions.SSLError):
        return f"the secure connection to {host} failed (its certificate could not be checked)"
    return f"the connection to {host} failed"


def _read(response: urllib3.BaseHTTPResponse, host: str, limits: FetchLimits) -> bytes:
    too_large = f"the answer is larger than {limits.max_bytes / 1024 / 1024:g} MB"
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchFailed(too_large)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(CHUNK, decode_content=True):
            size += len(chunk)
            if size > limits.max_bytes:
                raise FetchFailed(too_large)
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as exc:
        raise FetchFailed(_plain(exc, host, limits)) from exc
    return b"".join(chunks)


def fetch_url(url: str, limits: FetchLimits) -> Fetched:
    """The body of URL, following at most LIMITS.max_redirects redirects, each hop checked.
    FetchRefused when an address is internal and not allowed; FetchFailed otherwise."""
    problem = url_problem(url, limits)
    if problem:
        raise FetchRefused(problem)
    for hop in range(limits.max_redirects + 1):
        response = _get(url, limits, hop)
        host = urlsplit(url).hostname or ""
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location", "").strip()
                if not location:
                    raise FetchFailed(f"{host} answered with a redirect but no address")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchFailed(
                    f"{host} answered {response.status} {response.reason or ''}".strip()
                )
            content = _read(response, host, limits)
            return Fetched(content, url, response.headers.get("Content-Type", ""))
        finally:
            response.release_conn()
            response.close()
    raise FetchRefused(
        f"The {limits.what} redirected more than {limits.max_redirects} times: Quadrant follows "
        f"at most {limits.max_redirects} redirects."
    )
