"""The Redis cache backend keeps one redis-py client per pool (`roadmap_site.redis_cache`)."""

from roadmap_site.redis_cache import SharedClientRedisCache


def test_every_call_gets_the_same_client_of_the_same_pool():
    cache = SharedClientRedisCache("redis://127.0.0.1:1/0", {})
    client = cache._cache.get_client("a-key")
    assert cache._cache.get_client("another", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(write=True)


def test_replicas_each_get_their_own_client():
    cache = SharedClientRedisCache(["redis://127.0.0.1:1/0", "redis://127.0.0.1:2/0"], {})
    primary = cache._cache.get_client(write=True)
    replica = cache._cache.get_client(write=False)  # reads go to the other server
    assert primary is not replica
    assert replica.connection_pool.connection_kwargs["port"] == 2
