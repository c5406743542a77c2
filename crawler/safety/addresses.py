"""Which IP addresses a crawl must not reach unless the user named the host.

Pure functions: an address string in, a reason (or None) out. Anything that is not a globally
routable unicast address is refused: loopback, private (RFC 1918, IPv6 ULA), link-local (where
cloud metadata services such as 169.254.169.254 live), shared CGNAT space, multicast, reserved
and unspecified addresses. IPv4 addresses mapped into IPv6 are judged as IPv4.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata endpoints named in stats separately: reaching them is the classic SSRF goal.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)


def literal_address(host: str) -> IPAddress | None:
    """The IP address a URL host spells literally (``[::1]`` brackets allowed), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def refusal_reason(address: IPAddress) -> str | None:
    """``metadata``, ``loopback``, ``private``, ``link_local``... or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return "metadata"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link_local"
    if address.is_unspecified:
        return "unspecified"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if not address.is_global:
        return "reserved"
    return None
