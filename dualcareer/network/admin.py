from django.contrib import admin
from django.http import HttpRequest

from dualcareer.network.models import (
    Application,
    Contact,
    Institution,
    Network,
    NetworkMembership,
    Signature,
    StatementVersion,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class MembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ["institution"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "city", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["name", "name_en", "short_name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ContactInline]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "coordinating_institution"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    autocomplete_fields = ["institution"]


@admin.register(StatementVersion)
class StatementVersionAdmin(admin.ModelAdmin):
    list_display = ["network", "number", "published_on"]
    list_filter = ["network"]
    inlines = [SignatureInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: decisions go through the coordinator's pages (permission, audit, e-mail)."""

    list_display = ["organisation_name", "network", "kind", "status", "created_at"]
    list_filter = ["network", "kind", "status"]
    search_fields = ["organisation_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
