"""The clock FakeDiscord keeps Discord's 3-second answer deadline by (`unloaded_time`).

Counted in wall time, the deadline failed `test_300_concurrent_clicks…` on a machine whose
two cores other test runs kept busy (a load average of 9): the burst needs about 0.4 s of
CPU, and the process got a fifth of a core. The clock leaves out the time this thread was
kept waiting for a CPU, and keeps everything else: its own CPU time, and its idle waits.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.discord_fake import unloaded_time

#: A process that spins on one CPU until killed, once it has said it is pinned there.
SPINNER = """
import os
os.sched_setaffinity(0, {%d})
print(flush=True)
while True:
    pass
"""


def test_the_time_other_processes_held_this_threads_cpu_is_left_out() -> None:
    """Two processes spinning on this thread's only CPU leave it about a third of it: half
    a second of wall time spent runnable counts as far less than half a second."""
    allowed = os.sched_getaffinity(0)
    cpu = min(allowed)
    os.sched_setaffinity(0, {cpu})  # this thread only: pid 0 is the caller
    spinners = [
        subprocess.Popen([sys.executable, "-c", SPINNER % cpu], stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    try:
        for spinner in spinners:
            assert spinner.stdout is not None
            spinner.stdout.readline()
        wall, unloaded = time.monotonic(), unloaded_time()
        while time.monotonic() - wall < 0.5:
            pass  # always runnable: any time off the CPU is time another process held it
        wall, unloaded = time.monotonic() - wall, unloaded_time() - unloaded
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
        os.sched_setaffinity(0, allowed)
    assert unloaded < 0.75 * wall


def test_idle_waits_count() -> None:
    """A sleep is time the bot took, as a slow database or a held answer is: on Discord's
    clock, however idle the process was meanwhile."""
    start = unloaded_time()
    time.sleep(0.2)
    assert unloaded_time() - start >= 0.19
