# One registration of the shared fixtures for src/ and tests/ alike: a session fixture (the
# browser) registered twice would start two Playwright instances in one thread.
pytest_plugins = ["jxjy.core.testing"]
