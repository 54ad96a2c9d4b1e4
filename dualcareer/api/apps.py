from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dualcareer.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from dualcareer.api.maillog import on_mail_finished
        from dualcareer.api.webhooks.events import on_audit_entry
        from dualcareer.core.mail import mail_finished
        from dualcareer.core.models import AuditEntry

        # Webhooks follow the audit log: no service has to remember to fire them.
        post_save.connect(on_audit_entry, sender=AuditEntry, dispatch_uid="api.webhooks")
        mail_finished.connect(on_mail_finished, dispatch_uid="api.maillog")
