"""The matching engine: plain Python, no Django.

Its design is described in the product team's architecture ("The matching
engine"), kept outside this repository; the platform uses it only through
`dualcareer.openings.matchmaking` (docs/development.md).
"""
