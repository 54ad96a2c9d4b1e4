"""The pages of accounts, one module per audience: `public` (log in and out, password reset,
the language switch)."""
