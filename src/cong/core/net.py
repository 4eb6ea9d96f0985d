"""The client's network address, for code that must tell clients apart without storing who they are."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client address: ``REMOTE_ADDR``, or behind the shipped nginx the header it sets itself.

    ``settings.CLIENT_IP_HEADER`` (``CONG_CLIENT_IP_HEADER``, e.g. ``HTTP_X_REAL_IP``) must only be
    set behind a proxy that overwrites that header (deploy/nginx.conf: ``X-Real-IP $remote_addr``);
    otherwise any client could send one. For ``HTTP_X_FORWARDED_FOR`` the last entry, the one the
    proxy appended, is used.
    """
    header = settings.CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def address_group(address: str) -> str:
    """The unit one client controls: an IPv4 address, or the /64 network of an IPv6 address (a single
    host is given a whole /64 and can rotate through it)."""
    try:
        parsed = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(parsed) >> 64 << 64, 64)))
    return str(parsed)
