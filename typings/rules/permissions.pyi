from collections.abc import Iterator
from typing import Any

class RuleSet(dict[str, Any]):
    def __iter__(self) -> Iterator[str]: ...

permissions: RuleSet

def perm_exists(name: str) -> bool: ...
def has_perm(name: str, *args: Any, **kwargs: Any) -> bool: ...
