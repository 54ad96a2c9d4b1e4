"""The openings' pages, one module per audience: `public` (list, shareable page, unsubscribe
link), `signed_in` (saved searches of any signed-in user), `employer` (posting, importing and
managing openings: employers' contacts and officers), `officer` and `partner` (openings ranked
for a partner by the matching engine).

Introductions and network requests have their pages in the exchange app
(`dualcareer.exchange.views`).
"""

from dualcareer.openings.selectors import unsubscribe_token

__all__ = ["unsubscribe_token"]
