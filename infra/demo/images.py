"""Product pictures for the demo shop, drawn with Pillow (no downloads): a tinted studio backdrop,
a simple silhouette per category, and the brand and style names."""

import io
import random

from PIL import Image, ImageDraw, ImageFont

COLOURS = {
    "silver": (192, 196, 202),
    "gold": (212, 175, 55),
    "rose_gold": (205, 140, 130),
    "black": (40, 40, 44),
    "white": (236, 236, 232),
    "navy": (34, 49, 87),
    "sage": (150, 170, 140),
    "terracotta": (196, 110, 80),
    "grey": (150, 150, 155),
    "sand": (214, 196, 160),
    "red": (180, 40, 45),
    "clear": (210, 225, 235),
}


def _font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow built without FreeType
        return ImageFont.load_default()


def _silhouette(draw: ImageDraw.ImageDraw, category: str, colour: tuple[int, int, int], rng: random.Random) -> None:
    outline = tuple(max(0, c - 60) for c in colour)
    if "Bracelets" in category or "Earrings" in category:
        for offset in range(3 if "Earrings" in category else 1):
            x = 250 + offset * 150 if "Earrings" in category else 400
            radius = 70 if "Earrings" in category else 200
            draw.ellipse((x - radius, 380 - radius, x + radius, 380 + radius), outline=outline, width=28)
    elif "Necklaces" in category:
        draw.arc((180, 120, 620, 560), start=20, end=160, fill=outline, width=14)
        draw.ellipse((370, 520, 430, 580), fill=colour, outline=outline, width=6)
    elif "Apparel" in category:
        draw.polygon(
            [
                (260, 200),
                (340, 170),
                (460, 170),
                (540, 200),
                (620, 300),
                (550, 340),
                (530, 300),
                (530, 600),
                (270, 600),
                (270, 300),
                (250, 340),
                (180, 300),
            ],
            fill=colour,
            outline=outline,
        )
    elif "Mugs" in category:
        draw.rounded_rectangle((260, 250, 500, 560), radius=30, fill=colour, outline=outline, width=6)
        draw.arc((450, 320, 590, 470), start=-90, end=90, fill=outline, width=22)
    elif "Phone" in category:
        draw.rounded_rectangle((300, 140, 500, 620), radius=40, fill=colour, outline=outline, width=8)
        draw.rounded_rectangle((320, 160, 400, 250), radius=18, outline=outline, width=6)
    elif "Chargers" in category:
        draw.rounded_rectangle((300, 260, 500, 520), radius=28, fill=colour, outline=outline, width=6)
        draw.rectangle((350, 200, 370, 260), fill=outline)
        draw.rectangle((430, 200, 450, 260), fill=outline)
    else:  # bags and storage
        draw.rounded_rectangle((230, 220, 570, 600), radius=50, fill=colour, outline=outline, width=8)
        draw.arc((320, 120, 480, 300), start=180, end=360, fill=outline, width=16)
    for _ in range(6):  # a little texture so images are not identical blocks
        x, y = rng.randint(100, 700), rng.randint(100, 700)
        draw.ellipse((x, y, x + 6, y + 6), fill=outline)


def product_image(*, category: str, brand: str, style: str, colour: str, variant_label: str, seed: int) -> bytes:
    rng = random.Random(seed)
    tint = COLOURS.get(colour, (200, 200, 200))
    backdrop = tuple(int(250 - (255 - c) * 0.08) for c in tint)
    image = Image.new("RGB", (800, 800), backdrop)
    draw = ImageDraw.Draw(image)
    _silhouette(draw, category, tint, rng)
    draw.text((40, 36), brand.upper(), fill=(60, 60, 60), font=_font(34))
    draw.text((40, 700), style, fill=(40, 40, 40), font=_font(40))
    draw.text((40, 748), variant_label, fill=(90, 90, 90), font=_font(26))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()
