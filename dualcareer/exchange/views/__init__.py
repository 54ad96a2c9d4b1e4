"""The exchange's pages, one module per audience: officer, employer, partner, public."""
