"""The crawl's memory of each site's day-month order: one order per site within a run,
remembered in the state for the next run."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from crawler.state.date_orders import SiteDateOrders
from crawler.state.incremental import IncrementalCrawl
from crawler.state.store import SqliteStateStore

ARTICLE = "https://Parish.example/node/1812"


class Stats(Counter):
    def inc_value(self, key: str, count: int = 1) -> None:
        self[key] += count


def orders_for(store: SqliteStateStore | None) -> SiteDateOrders:
    return SiteDateOrders(IncrementalCrawl(store, SimpleNamespace(stats=Stats())))


def test_the_first_order_learned_holds_for_the_run(store):
    orders = orders_for(store)
    assert orders.hint(ARTICLE) is None
    orders.learn(ARTICLE, "month-first")
    orders.learn("https://parish.example/node/1813", "day-first")
    orders.learn(ARTICLE, None)
    assert orders.hint("https://parish.example/node/2000") == "month-first"
    assert orders.hint("https://other.example/a") is None
    assert orders.stats == {"dates/site_orders_learned": 1, "dates/site_order_disagreements": 1}


def test_the_next_run_starts_with_the_order_learned(store):
    orders_for(store).learn(ARTICLE, "month-first")
    next_run = orders_for(store)
    assert next_run.hint(ARTICLE) == "month-first"
    next_run.learn(ARTICLE, "day-first")  # the site changed its ways: this run learns anew
    assert next_run.hint(ARTICLE) == "day-first"
    assert store.site_date_order("parish.example") == "day-first"


def test_without_a_state_the_order_is_kept_for_the_run_only():
    orders = orders_for(None)
    orders.learn(ARTICLE, "day-first")
    assert orders.hint(ARTICLE) == "day-first"
