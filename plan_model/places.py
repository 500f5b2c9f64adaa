"""Where askers are, and which actions are bound to a place (plan_model/places.toml): reviewed data of the plan."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACES_FILE = Path(__file__).with_name("places.toml")


@dataclass(frozen=True)
class Places:
    """The places users name per province (or port), and the actions bound to one."""

    # place name → the province (or port) it lies in
    names: dict[str, str]
    # a port → the provinces it lies in
    within: dict[str, tuple[str, ...]]
    # action id → the provinces (or port) it is bound to
    bound: dict[str, tuple[str, ...]]

    def areas(self, provinces: set[str]) -> set[str]:
        """The provinces and ports that contain or are these places ("haven Antwerpen-Brugge" is in two)."""
        found = set(provinces)
        for port, inside in self.within.items():
            if port in provinces:
                found |= set(inside)
            if found & set(inside):
                found.add(port)
        return found

    def fits(self, action_id: str, asker: set[str]) -> bool:
        """Whether an action fits an asker in these places: it is bound to none, or to one of them."""
        places = self.bound.get(action_id)
        return not places or bool(self.areas(set(places)) & self.areas(asker))


def load_places(path: Path = PLACES_FILE) -> Places:
    """Read the places from TOML."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    names = {name: province for province, entry in data["province"].items() for name in [*entry["names"], province]}
    within = {port: tuple(entry["within"]) for port, entry in data["province"].items() if "within" in entry}
    bound = {action: tuple(places) for action, places in data.get("bound", {}).items()}
    return Places(names, within, bound)


@lru_cache(maxsize=1)
def default_places() -> Places:
    """The bundled places, loaded once."""
    return load_places()
