"""Makes opening an audit slow in a child process, as on a slow or stuck disk (hangup tests only).

`tests/pty_hangup.py` puts this folder on PYTHONPATH of the toetsassistent it starts, with
`TOETSASSISTENT_TEST_SLOW_OPEN=<seconds>`: every `AuditSession.open` then holds the opened audit (and
its lock) that long before it returns, so a signal can be sent while the app's opening worker is busy.
"""

import os

_delay = float(os.environ.get("TOETSASSISTENT_TEST_SLOW_OPEN", "0") or 0)
if _delay > 0:
    import time

    from assistant.session import AuditSession

    _open = AuditSession.open.__func__

    def _slow_open(cls, *args, **kwargs):
        session = _open(cls, *args, **kwargs)
        time.sleep(_delay)
        return session

    AuditSession.open = classmethod(_slow_open)
