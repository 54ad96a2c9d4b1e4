"""The matching engine: plain Python, no Django. See docs/architecture.md, "The matching engine"."""
