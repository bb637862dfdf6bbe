"""A java.net.URI reader (RFC 2396 as Java implements it), for parse_url.

`parse_uri` raises `InvalidURI` where ``new URI(s)`` throws URISyntaxException, and gives
the raw components Java's getters return: an authority that is not a valid
``[userinfo@]host[:port]`` is kept as a registry-based authority (no host), an opaque URI
(``mailto:x``) has no path, query or authority.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNRESERVED = r"A-Za-z0-9\-_.!~*'()"
_RESERVED = r";/?:@&=+$,"
_OTHER = r"\u0080-\U0010ffff"  # Java accepts non-ASCII characters anywhere ("other" category)
_ESCAPED = r"%[0-9A-Fa-f]{2}"


def _chars(extra: str) -> re.Pattern[str]:
    return re.compile(rf"(?:[{_UNRESERVED}{extra}{_OTHER}]|{_ESCAPED})*")


_URIC = _chars(re.escape(_RESERVED) + r"\[\]")
_PATH = _chars(r";/:@&=+$,")
_USERINFO = _chars(r";:&=+$,")
_REG_NAME = _chars(r"$,;:@&=+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+\-.]*")
_HOSTNAME = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)*[A-Za-z](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.?")
_IPV4 = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_IPV6 = re.compile(r"\[[0-9A-Fa-f:.]+(?:%[^\]]+)?\]")


class InvalidURI(ValueError):
    """``new URI(s)`` would throw URISyntaxException."""


@dataclass(frozen=True)
class URI:
    scheme: str | None
    authority: str | None
    userinfo: str | None
    host: str | None
    path: str | None
    query: str | None
    fragment: str | None

    def part(self, name: str) -> str | None:
        """parse_url's part names (case-sensitive, as in Spark); an unknown name is null."""
        if name == "FILE":
            if self.path is None:
                return None
            return self.path if self.query is None else f"{self.path}?{self.query}"
        fields = {
            "HOST": self.host, "PATH": self.path, "QUERY": self.query, "REF": self.fragment,
            "PROTOCOL": self.scheme, "AUTHORITY": self.authority, "USERINFO": self.userinfo,
        }  # fmt: skip
        return fields.get(name)


def _full(p: re.Pattern[str], s: str) -> bool:
    return p.fullmatch(s) is not None


def parse_uri(s: str) -> URI:
    if s == "":
        return URI(None, None, None, None, "", None, None)
    rest, fragment = (s.split("#", 1) + [None])[:2] if "#" in s else (s, None)
    if fragment is not None and not _full(_URIC, fragment.replace("[", "").replace("]", "")) or (
        fragment is not None and "#" in fragment
    ):
        raise InvalidURI(s)
    scheme = None
    colon = re.match(r"[^/?#]*?:", rest)
    if colon is not None:
        if colon.end() == 1:
            raise InvalidURI(s)  # "Expected scheme name"
        scheme = rest[: colon.end() - 1]
        if not _full(_SCHEME, scheme):
            raise InvalidURI(s)  # "Illegal character in scheme name"
        rest = rest[colon.end() :]
        if rest == "":
            raise InvalidURI(s)  # "Expected scheme-specific part"
        if not rest.startswith("/"):  # opaque: only the scheme-specific part, which must be legal
            if not _full(_URIC, rest.replace("[", "").replace("]", "")):
                raise InvalidURI(s)
            return URI(scheme, None, None, None, None, None, fragment)
    authority = userinfo = host = None
    if rest.startswith("//"):
        end = re.search(r"[/?]", rest[2:])
        auth = rest[2 : 2 + end.start()] if end else rest[2:]
        rest = rest[2 + len(auth) :]
        if auth:
            authority = auth
            userinfo, host = _server(auth)
    path, query = (rest.split("?", 1) + [None])[:2] if "?" in rest else (rest, None)
    if not _full(_PATH, path) or (query is not None and not _full(_URIC, query.replace("[", "").replace("]", ""))):
        raise InvalidURI(s)
    return URI(scheme, authority, userinfo, host, path, query, fragment)


def _server(auth: str) -> tuple[str | None, str | None]:
    """(userinfo, host) of a server-based authority, or (None, None) for a registry-based one;
    an authority that is neither is invalid."""
    userinfo, at, hostport = auth.rpartition("@")
    userinfo_or_none = userinfo if at else None
    if at and not _full(_USERINFO, userinfo):
        return _registry(auth)
    if hostport.startswith("["):
        close = hostport.find("]")
        host, port = hostport[: close + 1], hostport[close + 1 :]
        if close < 0 or not _full(_IPV6, host) or (port and not re.fullmatch(r":\d*", port)):
            raise InvalidURI(auth)
        return userinfo_or_none, host
    host, colon, port = hostport.partition(":")
    if colon and not port.isdigit() and port != "":
        return _registry(auth)
    if not (_full(_IPV4, host) or _full(_HOSTNAME, host)):
        return _registry(auth)
    return userinfo_or_none, host


def _registry(auth: str) -> tuple[None, None]:
    if "[" in auth or "]" in auth or not _full(_REG_NAME, auth):
        raise InvalidURI(auth)
    return None, None
