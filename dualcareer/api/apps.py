from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dualcareer.api"
    label = "api"
    verbose_name = "API"
