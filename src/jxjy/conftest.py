# Fixtures live in jxjy.core.testing (loaded once for the whole tree by the root conftest.py);
# these names stay importable from here for the tests that use them.
from jxjy.core.testing import PASSWORD, Api  # noqa: F401
