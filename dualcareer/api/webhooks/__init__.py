"""Webhooks: an institution's systems are told of events that concern its own objects.

Events are derived from the audit log (`events.py`): every audit entry is
looked at when it is written, so no service has to remember to fire a
webhook. Deliveries are stored in the change's transaction and sent by the
background worker (`delivery.py`), signed with HMAC-SHA256, retried with
exponential backoff; the institution sees each delivery's status, attempts
and response code.
"""
