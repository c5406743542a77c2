"""``DUPEFILTER_CLASS`` of a shared crawl: scrapy-redis' filter, asking without adding.

scrapy-redis' RFPDupeFilter adds a request's fingerprint (``SADD``) before the scheduler queues
it, in a second command: a worker killed between the two leaves a URL that every worker takes
for seen and that no queue holds. Here the filter only asks (``SISMEMBER``); the leased queue
adds the fingerprint and queues the request in one Redis script (crawler.distributed.queue), and
of two workers queueing the same URL at once only the first does.
"""

from __future__ import annotations

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter


class SharedDupeFilter(RFPDupeFilter):
    def request_seen(self, request: Request) -> bool:
        return bool(self.server.sismember(self.key, self.request_fingerprint(request)))
