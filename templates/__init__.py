"""Chat message templates (zh/, en/) and web pages (web/), shipped as package data."""
