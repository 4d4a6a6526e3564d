"""One sender for e-mail, SMS and WeChat template messages (see docs/messaging.md).

Modules send through ``shared_apps.messaging.services`` (``send_email``, ``send_sms``,
``send_wechat``); each call writes an ``OutboundMessage`` in the caller's transaction and a
Celery worker delivers it after commit through the backend configured for the channel.
"""
