"""The staff console's domain: sign-in, scope, dashboard and assessment (no web code here)."""
