"""The e-mail log in the admin: read only (no address, no text is stored)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dualcareer.api.models import SentMail


@admin.register(SentMail)
class SentMailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "template", "language", "status", "attempts", "error")
    list_filter = ("status", "language", "template")
    search_fields = ("=recipient_hash",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
