"""API v1 at /api/v1/ (namespace "api_v1"); the patterns live in `dualcareer.api.urls`."""

from dualcareer.api.urls import v1_patterns

urlpatterns = v1_patterns
