"""The sandboxes the launcher knows, with their default loopback ports."""

SANDBOXES = {
    "amazon": ("infra.sandboxes.amazon.app", 9101),
    "aliexpress": ("infra.sandboxes.aliexpress.app", 9102),
    "wish": ("infra.sandboxes.wish.app", 9103),
}
