"""Interface texts that live in `dualcareer.core.uploads` but are translated in this app's
catalogue (core keeps no catalogue entries for them). Keep them identical to uploads.py;
`tests/test_uploads.py` checks the German messages.
"""

from django.utils.translation import gettext_noop

UPLOAD_MESSAGES = (
    gettext_noop("The file is empty. Please choose another file."),
    gettext_noop("The file is too large (%(size)s). The maximum is %(limit)s."),
    gettext_noop("Only PDF and Word (DOCX) documents are accepted; this file is neither."),
    gettext_noop("The file name does not match its content. Please upload a .pdf or .docx file."),
)
