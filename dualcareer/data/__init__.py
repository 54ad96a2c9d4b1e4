"""Data the product ships: ESCO occupations, GeoNames postcodes, BA commuting flows (README.md)."""
