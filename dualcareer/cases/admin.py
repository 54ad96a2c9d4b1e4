"""Admin for configuration only: process steps and institutions' case rules.

Cases, profiles, consents and notes are deliberately not in the admin: every
access to them must go through the selectors and services, which check
permissions and write the audit log.
"""

from django.contrib import admin

from dualcareer.cases.models import CasePolicy, ProcessStep


@admin.register(ProcessStep)
class ProcessStepAdmin(admin.ModelAdmin):
    list_display = [
        "title_de",
        "title_en",
        "code",
        "due_days",
        "network",
        "institution",
        "is_active",
    ]
    list_filter = ["is_active", "network"]
    search_fields = ["title_de", "title_en", "code"]


@admin.register(CasePolicy)
class CasePolicyAdmin(admin.ModelAdmin):
    list_display = ["institution", "support_months", "retention_months"]
