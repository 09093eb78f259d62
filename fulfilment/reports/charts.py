"""Server-side SVG charts (no script, no CDN): revenue over time per channel, share per channel,
net margin per channel. Every mark carries its figure as a Decimal string in data-value."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

COLOURS = {"amazon": "#e8890c", "aliexpress": "#d7263d", "wish": "#2b7de9", "manual": "#6b7280"}
OTHER = "#8b5cf6"
WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 720, 260, 70, 40, 16


def colour(channel: str) -> str:
    return COLOURS.get(channel, OTHER)


def _svg(body: str, *, testid: str, title: str, height: int = HEIGHT) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'class="chart" data-testid="{escape(testid)}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f"{body}</svg>"
    )


def _scale(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    if high == low:
        high = low + 1
    return low, high


def line_chart(
    *, title: str, periods: list[str], series: dict[str, dict[str, Decimal]], fmt, testid: str = "chart-over-time"
) -> SafeString:
    """One line per channel over the periods (missing periods are 0)."""
    values = [value for points in series.values() for value in points.values()]
    low, high = _scale(values)
    plot_w, plot_h = WIDTH - PAD_LEFT - 10, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = plot_w / max(len(periods) - 1, 1)

    def y(value: Decimal) -> float:
        return PAD_TOP + float((high - value) / (high - low)) * plot_h

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>',
            PAD_LEFT,
            f"{y(Decimal(0)):.1f}",
            WIDTH - 10,
            f"{y(Decimal(0)):.1f}",
        ),
        format_html('<text x="4" y="{}" font-size="11">{}</text>', PAD_TOP + 10, fmt(high)),
        format_html('<text x="4" y="{}" font-size="11">{}</text>', HEIGHT - PAD_BOTTOM, fmt(low)),
    ]
    label_every = max(1, len(periods) // 8)
    for index, period in enumerate(periods):
        if index % label_every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                    f"{PAD_LEFT + index * step:.1f}",
                    HEIGHT - PAD_BOTTOM + 16,
                    period,
                )
            )
    legend_x = PAD_LEFT
    for channel, points in series.items():
        coords = [(PAD_LEFT + index * step, y(points.get(period, Decimal(0)))) for index, period in enumerate(periods)]
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in coords)
        parts.append(
            format_html(
                '<polyline fill="none" stroke="{}" stroke-width="2" points="{}" data-channel="{}"/>',
                colour(channel),
                path,
                channel,
            )
        )
        for (x, yy), period in zip(coords, periods, strict=True):
            value = points.get(period, Decimal(0))
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3" fill="{}" data-channel="{}" data-period="{}" '
                    'data-value="{}"><title>{} {}: {}</title></circle>',
                    f"{x:.1f}",
                    f"{yy:.1f}",
                    colour(channel),
                    channel,
                    period,
                    value,
                    channel,
                    period,
                    fmt(value),
                )
            )
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="11">{}</text>',
                legend_x,
                HEIGHT - 12,
                colour(channel),
                legend_x + 14,
                HEIGHT - 3,
                channel,
            )
        )
        legend_x += 110
    return _svg("".join(parts), testid=testid, title=title)


def bar_chart(*, title: str, bars: list[tuple[str, Decimal | None, str]], testid: str, suffix: str = "") -> SafeString:
    """Horizontal bars: (channel, value, text shown). None values draw no bar."""
    height = PAD_TOP + 34 * max(len(bars), 1) + 10
    values = [value for _, value, _ in bars if value is not None]
    low, high = _scale(values)
    plot_w = WIDTH - 130 - 160
    zero_x = 130 + float((0 - low) / (high - low)) * plot_w
    parts = []
    for index, (channel, value, text) in enumerate(bars):
        top = PAD_TOP + index * 34
        parts.append(format_html('<text x="4" y="{}" font-size="12">{}</text>', top + 16, channel))
        if value is not None:
            x_value = 130 + float((value - low) / (high - low)) * plot_w
            x, width = min(zero_x, x_value), abs(x_value - zero_x)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="22" fill="{}" data-channel="{}" data-value="{}"/>',
                    f"{x:.1f}",
                    top,
                    f"{max(width, 1):.1f}",
                    colour(channel),
                    channel,
                    value,
                )
            )
        parts.append(format_html('<text x="{}" y="{}" font-size="12">{}{}</text>', WIDTH - 150, top + 16, text, suffix))
    return _svg("".join(parts), testid=testid, title=title, height=height)
