"""The site's pages: `public` (start page, legal pages), `signed_in` (dashboard, audit log),
`officer` (the officers' "today" page), `dev` (development only: the e-mails sent),
`errors` (the 403/404/500 and CSRF pages)."""
