"""Anonymous full-page cache with generation-based invalidation (see docs/caching.md)."""
