"""A listing issue: found by pre-flight checks before any call, or reported by the marketplace."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from channels.types import Issue


@dataclass(frozen=True)
class ListingIssue:
    code: str
    message: str
    attribute: str = ""
    severity: str = "ERROR"
    source: str = "preflight"  # "preflight" | "marketplace"
    # A blocking issue stops the listing from being sent (everything else is shown, not enforced).
    blocking: bool = False

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_marketplace(cls, issue: Issue) -> ListingIssue:
        return cls(
            code=issue.code,
            message=issue.message,
            attribute=issue.attribute,
            severity=issue.severity,
            source="marketplace",
            blocking=issue.severity == "ERROR",
        )


def issues_as_dicts(issues) -> list[dict]:
    return [issue.as_dict() for issue in issues]
