"""The network's pages, one module per audience: `public` (directory, networks, statement,
applying), `officer` (a member's own profile, contacts, users, signing, leaving),
`coordinator` (applications, new versions of the statement)."""
