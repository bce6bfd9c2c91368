"""Keyword-only CRUD functions over an `AsyncSession`; the caller owns the transaction."""
