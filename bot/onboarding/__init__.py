"""Onboarding as pure functions: matching a place name, reading a nickname, invite codes."""
