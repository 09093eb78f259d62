from dataclasses import asdict, dataclass
from typing import Literal


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None
    # "lower": the value must stay at or below the target (seconds, MB); "higher": at or above it.
    better: Literal["lower", "higher"] = "lower"
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.value <= self.target if self.better == "lower" else self.value >= self.target

    def as_dict(self) -> dict:
        return {**asdict(self), "met": self.met}
