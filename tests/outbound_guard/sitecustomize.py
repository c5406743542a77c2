"""Refuse and record every attempt of this process to reach a host other than the loopback one.

Python imports ``sitecustomize`` at startup from the first directory on ``sys.path`` that has
one, so a child started with this directory first on ``PYTHONPATH`` and ``OUTBOUND_GUARD_LOG``
set (crawl processes and the fork server of their extraction workers alike) gets it before any
other import. Name lookups (``getaddrinfo``, ``gethostbyname*``, which may send DNS queries)
of other names than loopback addresses and ``localhost``, and connections or datagrams to other
addresses, raise ``OSError`` as on a machine without a network; each is appended to the log
as a ``blocked`` line followed by the (indented) frames that made it. Each guarded process
first writes one ``watching`` line, so a test can tell the guard was there.

This machine's own name is refused too: a crawl has no reason to look it up, and on a machine
whose name is not in /etc/hosts the lookup is a DNS query.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import traceback

LOG = os.environ.get("OUTBOUND_GUARD_LOG", "")
LOCAL_NAMES = {"localhost"}
INTERNET = (socket.AF_INET, socket.AF_INET6)


def write(line: str) -> None:
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(line)


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host is None or host == "":  # the wildcard address of a listening socket
        return True
    if not isinstance(host, str):
        return False
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def refuse(what: str, host: object) -> OSError:
    frames = "".join(traceback.format_stack(limit=32)[:-2])
    write(f"blocked {what} {host!r} in pid {os.getpid()}\n{frames}")
    return OSError(f"outbound guard: {what} {host!r} refused (tests reach 127.0.0.1 only)")


def guard_lookup(name: str) -> None:
    original = getattr(socket, name)

    def lookup(host, *args, **kwargs):
        if not is_loopback(host):
            raise refuse(name, host)
        return original(host, *args, **kwargs)

    setattr(socket, name, lookup)


def guard_socket_method(name: str, address_at: int) -> None:
    original = getattr(socket.socket, name)

    def method(self, *args):
        address = args[address_at]
        if self.family in INTERNET and not is_loopback(address[0]):
            raise refuse(f"socket.{name}", address[0])
        return original(self, *args)

    setattr(socket.socket, name, method)


if LOG:
    write(f"watching pid {os.getpid()}: {' '.join(getattr(sys, 'argv', []))}\n")
    for lookup_name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        guard_lookup(lookup_name)
    guard_socket_method("connect", 0)
    guard_socket_method("connect_ex", 0)
    guard_socket_method("sendto", -1)
