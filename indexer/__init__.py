"""Kamerzoek's indexer: letters in, a searchable whoosh index out, and the search service."""
