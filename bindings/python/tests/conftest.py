"""Prints the summary line every language's tests end with: `N passed, N failed`."""


def pytest_terminal_summary(terminalreporter):
    passed = len(terminalreporter.stats.get("passed", []))
    failed = len(terminalreporter.stats.get("failed", [])) + len(terminalreporter.stats.get("error", []))
    terminalreporter.write_line(f"python: {passed} passed, {failed} failed")
