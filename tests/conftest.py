"""Shared fixtures: the demo world and its server on 127.0.0.1."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def world():
    from crawler.demo.world import build_world

    return build_world()


@pytest.fixture(scope="module")
def server(world):
    """A demo server of the module's own, so its request log holds only that module's crawls."""
    from crawler.demo.server import DemoServer

    with DemoServer(world) as running:
        yield running
