"""The AppTest fixtures of tests/app, for the hostile tests that run the app."""

from tests.app.conftest import data_dir, open_page  # noqa: F401
