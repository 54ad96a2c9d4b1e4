from django.contrib import admin

from dualcareer.network.models import Contact, Institution, Network, NetworkMembership


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
