"""The site's pages: `public` (start page, legal pages), `signed_in` (dashboard, audit log),
`errors` (the 403/404/500 and CSRF pages)."""
