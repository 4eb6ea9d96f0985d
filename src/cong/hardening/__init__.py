"""Request limits and security headers (issue 12; docs/security.md)."""
