"""The Redis pub/sub channel layer, which tells its sockets when Redis cut them off.

channels_redis's RedisPubSubChannelLayer reconnects by itself after Redis went away (a
restart, a failover, a network fault) and subscribes again, but whatever was published in the
meantime is gone and the sockets never learn that they missed it. This layer puts a
`{"type": "layer.reconnected"}` message on every channel of the process each time its
subscriptions come back, and the consumers resync from the database (what the client would
get from a hello), so a reader whose socket stayed open misses no post either.
"""

import asyncio
import logging

from channels_redis import pubsub
from channels_redis.utils import _wrap_close, create_pool, decode_hosts
from redis import asyncio as aioredis

logger = logging.getLogger(__name__)

RECONNECTED = {"type": "layer.reconnected"}


class _PubSub(aioredis.client.PubSub):
    """Calls `on_resubscribe` when a lost connection is back and its subscriptions renewed."""

    def __init__(self, *args, on_resubscribe, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.on_resubscribe = on_resubscribe

    async def on_connect(self, connection) -> None:
        # redis-py registers this callback after the first connect: it runs on reconnects only.
        had_subscriptions = bool(self.channels or self.patterns)
        await super().on_connect(connection)
        if had_subscriptions:
            self.on_resubscribe()


class _Shard(pubsub.RedisSingleShardConnection):
    def _ensure_redis(self) -> None:
        if self._redis is None:  # type: ignore[has-type]
            client = aioredis.Redis(connection_pool=create_pool(self.host))
            self._redis = client
            self._pubsub = _PubSub(
                client.connection_pool,
                event_dispatcher=client._event_dispatcher,
                on_resubscribe=self._tell_channels,
            )

    def _tell_channels(self) -> None:
        logger.warning("the channel layer is connected to Redis again; sockets resync")
        layer = self.channel_layer
        message = layer.channel_layer.serialize(RECONNECTED)
        for queue in layer.channels.values():
            queue.put_nowait(message)

    async def _do_receiving(self) -> None:
        """channels_redis's loop, logging an outage once instead of a traceback a second."""
        failing = False
        while True:
            try:
                if self._pubsub and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=0.1
                    )
                    self._receive_message(message)
                    failing = False
                else:
                    await asyncio.sleep(0.1)
            except (asyncio.CancelledError, TimeoutError, GeneratorExit):
                raise
            except Exception as error:
                if not failing:
                    logger.warning("the channel layer lost Redis: %s", error)
                failing = True
                await asyncio.sleep(1)


class _LoopLayer(pubsub.RedisPubSubLoopLayer):
    def __init__(self, hosts=None, *args, **kwargs) -> None:
        super().__init__(hosts, *args, **kwargs)
        self._shards = [_Shard(host, self) for host in decode_hosts(hosts)]


class RedisPubSubChannelLayer(pubsub.RedisPubSubChannelLayer):
    def _get_layer(self) -> _LoopLayer:
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = _LoopLayer(*self._args, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)
        return layer
