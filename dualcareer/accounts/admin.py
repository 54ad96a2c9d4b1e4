from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from dualcareer.accounts.models import InstitutionRole, User


class InstitutionRoleInline(admin.TabularInline):
    model = InstitutionRole
    extra = 0
    autocomplete_fields = ["institution"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "kind", "is_active"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [InstitutionRoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "kind", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
