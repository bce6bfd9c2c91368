"""The tenant register's domain: drafts, validation, keys, warnings, retention, views.

Handlers (handlers/register/), the web forms (bot/web/register_*.py) and the commands
(`gridbot tenants`, `gridbot qr`) use these; none of them formats a message itself.
"""
