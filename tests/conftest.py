# The shared personas and API client of src/jxjy/conftest.py, for the cross-app tests here.
from jxjy.conftest import Api, _fast_hashing, api, cast  # noqa: F401
