"""Queueing delivery tasks: after commit, and without ever failing the change that wrote the rows.

When the broker is unreachable the rows simply wait: the periodic sweep queues them again,
so an outage delays notifications but never loses one, and never fails a case transition.
"""

import logging
from functools import partial

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)


def notifications_enqueue_on_commit(notification_ids: list[int]) -> None:
    """Queue the delivery of these outbox rows once the current transaction commits."""
    transaction.on_commit(partial(notifications_enqueue, list(notification_ids)), robust=True)


def notifications_enqueue(notification_ids: list[int]) -> int:
    """Queue one delivery task per row now; stop at the first broker error. Return how many were queued."""
    # By name: cases.tasks imports the services that call this module.
    notification_deliver = current_app.signature("cases.tasks.notification_deliver")
    queued = 0
    for notification_id in notification_ids:
        try:
            # retry=False: with the broker down, fail at once rather than hold the request open.
            notification_deliver.apply_async(kwargs={"notification_id": notification_id}, retry=False)
        except BrokerUnavailable:
            logger.warning(
                "Broker unavailable: %d notification(s) left for the sweep, from id %s",
                len(notification_ids) - queued,
                notification_id,
            )
            break
        except Exception:
            # Run in-process (no broker configured), the task itself failed: the sweep retries it.
            logger.exception("Delivery of notification %s failed; the sweep will retry it", notification_id)
        else:
            queued += 1
    return queued
