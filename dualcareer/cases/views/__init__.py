"""The pages of cases, one module per audience: `officer` (Dual Career officers), `partner`
(the partner's self-service); `_shared` holds the pages both use."""
