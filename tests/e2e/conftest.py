import pytest

from tests.support.stack import start_stack


@pytest.fixture(scope="session")
def stack():
    running, stop = start_stack()
    yield running
    stop()
