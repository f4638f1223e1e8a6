"""Keep ``lararust_queue.__all__`` honest: it lists exactly the public names."""

import lararust_queue
import pytest


@pytest.mark.smoke
def test_all_lists_every_public_name() -> None:
    public = {name for name in dir(lararust_queue) if not name.startswith("_")}
    public |= {"__version__"}
    assert sorted(set(lararust_queue.__all__)) == sorted(public)
