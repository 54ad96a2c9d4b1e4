from django.contrib import admin

from dualcareer.core.models import AuditEntry, OutgoingMail


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited."""

    list_display = ["created_at", "actor", "action", "target_type", "target_id", "institution"]
    list_filter = ["action"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The outbox, for operators: status and error only, never the address or the text."""

    list_display = ["created_at", "template", "masked_to", "status", "attempts", "last_error"]
    list_filter = ["status", "template"]
    fields = ("created_at", "template", "status", "attempts", "last_error", "next_attempt_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
