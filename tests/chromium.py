"""Debian's Chromium for pytest-playwright (Playwright's own browser download cannot run
here); a test package imports the fixture into its conftest."""

import pytest


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, without the sandbox a container lacks."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
    }
