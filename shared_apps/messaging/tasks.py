"""Celery tasks: deliver one message; sweep for deliveries that were lost on the way."""

from celery import shared_task
from django_tenants.utils import get_public_schema_name, schema_context


@shared_task(name="shared_apps.messaging.tasks.deliver_message", ignore_result=True)
def deliver_message(pk: int) -> str | None:
    from . import services

    # The outbox is in the public schema; so are the audit entries of deliveries.
    with schema_context(get_public_schema_name()):
        return services.deliver(pk)


@shared_task(name="shared_apps.messaging.tasks.requeue_due")
def requeue_due() -> int:
    from . import services

    with schema_context(get_public_schema_name()):
        return services.requeue_due()
