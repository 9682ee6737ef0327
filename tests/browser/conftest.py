"""Browser tests: pytest-playwright driving Debian's Chromium against the live test server."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Outside test-results/, which pytest-playwright empties at every run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the test makes
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _browser_tests_marked(config, items):
    """Mark browser tests; without Chromium, skip them on a developer's machine but fail in CI."""
    missing = not Path(CHROMIUM).exists()
    if missing and os.environ.get("CI"):
        raise pytest.UsageError(
            f"{CHROMIUM} is missing: .ci/run installs it with apt-get install -y chromium"
        )
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # Each starts from the migrated reference data (vocabularies, content types), whatever
            # ran before: a live server needs transactions, and a plain transactional test's flush
            # would leave the next one without that data, or with content types renumbered.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
            if missing:
                item.add_marker(
                    pytest.mark.skip(reason="Debian's chromium is not installed: apt-get install -y chromium")
                )


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Mark the browser tests before any other hook, then run them last, after all the others.

    Marked first, so that `-m "not browser"` (deselected by pytest's own hook) leaves them out
    and pytest-django orders them by their transactional marker. Sorted last, after pytest-django
    has ordered the rest: each ends by emptying every table, so a test run after one would find
    none of the migrated reference data. The sort is stable: the order within each part is kept.
    """
    _browser_tests_marked(config, items)
    result = yield
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath))
    return result


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium: Playwright's own browser download does not work here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # The machine has no network beyond the package registries: keep Chromium from calling out.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under var/screenshots/ for a person to look at."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def no_content_security_policy_violations(request):
    """Fail a browser test if a page it visited had something blocked by the content-security policy."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert not violations, "blocked by the content-security policy:\n" + "\n".join(violations)


@pytest.fixture
def no_broker(monkeypatch):
    """Keep the live server's notifications off the real broker (CI's Redis pass): record them instead."""
    from cases import tasks

    queued = []
    monkeypatch.setattr(
        tasks.notification_deliver, "apply_async", lambda args=None, kwargs=None, **o: queued.append(kwargs)
    )
    return queued
