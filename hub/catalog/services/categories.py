"""Categories: a tree per account whose full paths ("Jewellery > Bracelets") the services keep."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hub.accounts.models import SellerAccount
from hub.catalog.models import CATEGORY_PATH_SEPARATOR, Category
from hub.catalog.services._deletion import delete_unless_in_use


def _category_path(name: str, parent: Category | None) -> tuple[str, int]:
    if parent is None:
        return name, 0
    return f"{parent.path}{CATEGORY_PATH_SEPARATOR}{name}", parent.depth + 1


def _clean_category_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise ValidationError({"name": "This field is required."})
    if ">" in name or "/" in name:
        raise ValidationError({"name": "A category name cannot contain '>' or '/' (they separate levels)."})
    return name


def category_placement(
    *, account_id: int, name: str, parent: Category | None, category: Category | None = None
) -> tuple[str, str, int]:
    """Cleaned name, path and depth for `category` (None: a new one) called `name` below `parent`.
    ValidationError when the name is not usable, the parent is another account's or the category
    itself (or below it), or the path is taken. Writes nothing: the admin form checks with it too."""
    name = _clean_category_name(name)
    if parent is not None and parent.account_id != account_id:
        raise ValidationError({"parent": "Unknown category."})
    node = parent
    while category is not None and node is not None:
        if node.pk == category.pk:
            raise ValidationError({"parent": "A category cannot be moved below itself."})
        node = node.parent
    path, depth = _category_path(name, parent)
    taken = Category.objects.filter(account_id=account_id, path=path)
    if category is not None:
        taken = taken.exclude(pk=category.pk)
    if taken.exists():
        raise ValidationError({"name": f"'{path}' exists already."})
    return name, path, depth


def category_create(*, account: SellerAccount, name: str, parent: Category | None = None) -> Category:
    name, path, depth = category_placement(account_id=account.pk, name=name, parent=parent)
    return Category.objects.create(account=account, name=name, parent=parent, path=path, depth=depth)


@transaction.atomic
def category_update(*, category: Category, name: str | None = None, parent: Any = ...) -> Category:
    """Rename or move a category; the paths of everything below it follow."""
    old_path = category.path
    category.name, category.path, category.depth = category_placement(
        account_id=category.account_id,
        name=category.name if name is None else name,
        parent=category.parent if parent is ... else parent,
        category=category,
    )
    if parent is not ...:
        category.parent = parent
    category.save()
    if category.path != old_path:
        descendants = list(
            Category.objects.filter(
                account_id=category.account_id, path__startswith=old_path + CATEGORY_PATH_SEPARATOR
            ).order_by("depth")
        )
        by_pk = {category.pk: category}
        for child in descendants:
            child.path, child.depth = _category_path(child.name, by_pk[child.parent_id])
            by_pk[child.pk] = child
        Category.objects.bulk_update(descendants, ["path", "depth"])
    return category


def category_delete(*, category: Category) -> None:
    delete_unless_in_use(category, "This category still has products or sub-categories; move them first.")
