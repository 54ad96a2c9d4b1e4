"""A background task for the worker's tests (run by `manage.py worker --batch`)."""

from django_tasks import task

RAN: list[str] = []


@task()
def record(value: str) -> str:
    RAN.append(value)
    return value
