"""Product images: checked, de-duplicated by content, ordered; files leave storage after commit."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from hub.catalog.models import Product, ProductImage, Variant
from hub.catalog.signals import products_changed
from hub.core.text import human_size

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@transaction.atomic
def product_image_add(
    *,
    product: Product,
    file: UploadedFile,
    variant: Variant | None = None,
    alt_text: str = "",
    position: int | None = None,
) -> ProductImage:
    from PIL import Image, UnidentifiedImageError

    if variant is not None and variant.product_id != product.pk:
        raise ValidationError({"variant": "This variant belongs to another product."})
    if file.size and file.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError({"image": f"Images are limited to {human_size(settings.IMAGE_MAX_BYTES)}."})
    try:
        with Image.open(file) as picture:
            picture.verify()
            image_format = picture.format
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError({"image": "This file is not an image (JPEG, PNG, WebP or GIF)."}) from None
    if image_format not in IMAGE_FORMATS:
        raise ValidationError({"image": f"{image_format} images are not accepted; use JPEG, PNG, WebP or GIF."})
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    if ProductImage.objects.filter(product=product, variant=variant, sha256=digest.hexdigest()).exists():
        raise ValidationError({"image": "This image is attached already."})
    if position is None:
        position = (product.images.aggregate(top=Max("position"))["top"] or 0) + 1
    image = ProductImage(product=product, variant=variant, alt_text=alt_text[:300], position=position)
    image.sha256 = digest.hexdigest()
    image.image.save(file.name or "image", file, save=False)
    image.save()
    return image


@transaction.atomic
def product_images_reorder(*, product: Product, image_ids: list[int]) -> list[ProductImage]:
    images = {image.pk: image for image in product.images.select_for_update()}
    if set(image_ids) != set(images) or len(image_ids) != len(images):
        raise ValidationError({"image_ids": "List every image of the product exactly once."})
    for position, pk in enumerate(image_ids):
        images[pk].position = position
    ProductImage.objects.bulk_update(images.values(), ["position"])
    products_changed.send(sender=Product, account_id=product.account_id, product_ids=frozenset([product.pk]))
    return [images[pk] for pk in image_ids]


def product_image_delete(*, image: ProductImage) -> None:
    storage, name = image.image.storage, image.image.name
    image.delete()
    transaction.on_commit(lambda: storage.delete(name))
