"""What an address may be, in the data (a source's link) and in the settings (the site's own address, a contact).

Parsed with the standard library's URL parser, never by looking at a prefix alone; nothing that could leave an
HTML attribute, a Markdown link or an XML element is ever accepted, whatever template prints the address.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEB_SCHEMES = ("https", "http")
MAIL_SCHEME = "mailto"
URL_EXPECTED = "expected an absolute address such as https://example.org/page (http or https, with a host) or mailto:nom@example.org"
# Characters that RFC 3986 never allows unencoded in an address (besides spaces and controls): written raw,
# they are how an address breaks out of an attribute or a Markdown autolink.
_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f<>\"'`{}|\\^]")
_HOST = re.compile(r"^(?:[^\W_](?:[\w-]*[^\W_])?\.)*[^\W\d_][\w-]*[^\W_]$|^\d{1,3}(?:\.\d{1,3}){3}$")
_MAIL_ADDRESS = re.compile(r"^[\w.+-]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}$")
# The site's own address is printed by the engines' templates as it is (canonical links, sitemap): a path of
# unreserved characters and %-escapes only, in ASCII, so that it reads the same in HTML, XML and a citation.
_SITE_PATH = re.compile(r"^(?:/(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*)*$")
_ASCII_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$|^\d{1,3}(?:\.\d{1,3}){3}$")


def is_safe_url(url: str) -> bool:
    """An absolute http(s) address with a host and nothing after it that could leave an attribute, or a mailto: address."""
    if _URL_FORBIDDEN.search(url):
        return False
    try:
        parts = urlsplit(url)
        port_is_valid = parts.port is None or parts.port > 0  # reading .port checks it
    except ValueError:  # an unbalanced [ in the host, a port that is not a number
        return False
    if parts.scheme == MAIL_SCHEME:
        return not (parts.netloc or parts.query or parts.fragment) and is_mail_address(parts.path)
    return (
        parts.scheme in WEB_SCHEMES
        and url[: len(parts.scheme) + 3].lower() == f"{parts.scheme}://"
        and parts.username is None
        and port_is_valid
        and parts.hostname is not None
        and _HOST.match(parts.hostname) is not None
    )


def is_web_address(url: str) -> bool:
    """A safe absolute http(s) address (see is_safe_url), not a mail address."""
    return is_safe_url(url) and urlsplit(url).scheme in WEB_SCHEMES


def is_mail_address(text: str) -> bool:
    """An email address such as nom@exemple.org (without mailto:)."""
    return _MAIL_ADDRESS.match(text) is not None


def site_address(url: str) -> str | None:
    """The site's own address, ending in « / », when ``url`` is an absolute http(s) address made of a host, an optional
    port and a plain path; None for anything else (a user name, a query, a fragment, a space, a quote, non-ASCII)."""
    if not url.isascii() or not is_web_address(url) or "?" in url or "#" in url:
        return None
    parts = urlsplit(url)
    if parts.password is not None or not _ASCII_HOST.match(parts.hostname or "") or not _SITE_PATH.match(parts.path):
        return None
    return url if url.endswith("/") else url + "/"
