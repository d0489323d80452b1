"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per
call.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` around the pool for every
cache call, and building one (its response callbacks, its retry policy) cost more than the round
trip itself: about a third of a signed-out roadmap page's time. A client is safe to share between
threads (each command takes a connection from the pool), so each pool gets one, kept.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping the `redis.Redis` of each pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache`, with `SharedClientRedisCacheClient`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
