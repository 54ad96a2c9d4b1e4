"""Fault: the mail server is down.

A scratch installation whose EMAIL_URL points at a local port nothing
listens on queues an e-mail (a password reset); `manage.py worker --batch`
tries to send it. Expected: the worker does not fail, the message stays
queued with its attempt counted and a later next attempt (backoff), the log
names the error type but not the address. Then a minimal SMTP server is
started on that port, the retry is made due (instead of waiting a minute)
and the worker runs again: the message is delivered once and its row
(personal data) deleted.

    .venv/bin/python scripts/faults/mail_down.py
"""

from __future__ import annotations

import socket
import socketserver
import threading

from common import django_setup, manage, prepare, report, scratch_env

RECEIVED: list[bytes] = []


class SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept a message."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink ready\r\n")
        data = False
        body: list[bytes] = []
        for line in self.rfile:
            if data:
                if line in (b".\r\n", b".\n"):
                    data = False
                    RECEIVED.append(b"".join(body))
                    self.wfile.write(b"250 queued\r\n")
                else:
                    body.append(line)
                continue
            command = line[:4].upper()
            if command == b"EHLO" or command == b"HELO":
                self.wfile.write(b"250 sink\r\n")
            elif command == b"DATA":
                data = True
                self.wfile.write(b"354 go ahead\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    port = closed_port()
    env = scratch_env("mail-down", EMAIL_URL=f"smtp://127.0.0.1:{port}")
    prepare(env)
    django_setup(env)
    from django.db import transaction

    from dualcareer.core.mail import send_templated
    from dualcareer.core.models import OutgoingMail
    from dualcareer.testing.jobs import make_jobs_due

    with transaction.atomic():
        send_templated(
            to="erika@example.org",
            language="de",
            template="accounts/mail/password_reset",
            context={"protocol": "https", "domain": "x.example", "uid": "u", "token": "t"},
        )
    down = manage(env, "worker", "--batch", "--no-reload", "--no-startup-delay")
    queued = OutgoingMail.objects.get()
    lines = [
        f"server down: worker exit code {down.returncode}; message {queued.status}, "
        f"attempts {queued.attempts}, error {queued.last_error}, next attempt in "
        f"{(queued.next_attempt_at - queued.created_at).total_seconds():.0f} s",
        f"address in the worker's log: {'erika@example.org' in down.stdout + down.stderr}",
    ]
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), SmtpSink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        make_jobs_due()
        back = manage(env, "worker", "--batch", "--no-reload", "--no-startup-delay")
    finally:
        server.shutdown()
    lines.append(
        f"server back: worker exit code {back.returncode}; messages received {len(RECEIVED)}, "
        f"rows left in the outbox {OutgoingMail.objects.count()}"
    )
    lines.append("OK" if len(RECEIVED) == 1 and not OutgoingMail.objects.exists() else "FAILED")
    report("mail server down", lines)


if __name__ == "__main__":
    main()
