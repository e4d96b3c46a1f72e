"""Chooses the differential run's seed once per session and prints it in the summary,
so that even a quiet (`-q`) CI log says how to replay the run."""

import os


def pytest_configure(config):
    # CEDAR_DIFF_SEED, when set, replays a run; otherwise pick one now so the summary can name it.
    if not os.environ.get("CEDAR_DIFF_SEED"):
        os.environ["CEDAR_DIFF_SEED"] = str(int.from_bytes(os.urandom(4), "big"))


def pytest_terminal_summary(terminalreporter):
    seed = os.environ["CEDAR_DIFF_SEED"]
    wanted = os.environ.get("CEDAR_DIFF_REQUESTS", "10000")
    terminalreporter.write_line(
        f"Cedar differential: CEDAR_DIFF_SEED={seed}, at least {wanted} generated requests "
        f"(set CEDAR_DIFF_SEED={seed} to replay)"
    )
