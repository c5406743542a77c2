"""The report's charts: plotly figures written as HTML fragments. plotly.js itself goes into
the page once (``plotly_js``), so the file opens offline."""

from __future__ import annotations

from typing import Any

from crawler.report.archive_stats import FailureReason
from crawler.report.quality import TagCounts
from crawler.report.runs import Run

CHART_HEIGHT = 320
CONFIG = {"displaylogo": False, "responsive": True}


def plotly_js() -> str:
    """The whole plotly.js bundle the installed plotly ships (no CDN)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def fragment(figure: Any, div_id: str, left_margin: int = 50) -> str:
    import plotly.io as pio

    figure.update_layout(
        template="plotly_white",
        height=CHART_HEIGHT,
        margin={"l": left_margin, "r": 30, "t": 40, "b": 50},
    )
    return pio.to_html(
        figure,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config=CONFIG,
        default_height=f"{CHART_HEIGHT}px",
    )


def runs_chart(runs: list[Run]) -> str:
    """Items written and failures per run (bars), duration (line, right axis)."""
    import plotly.graph_objects as go

    starts = [run.started_at[:19].replace("T", " ") or run.run_id for run in runs]
    labels = [run.run_id for run in runs]
    figure = go.Figure()
    figure.add_bar(
        x=starts, y=[run.counts.get("items_written", 0) for run in runs], name="items written"
    )
    figure.add_bar(x=starts, y=[run.failures for run in runs], name="failures")
    figure.add_scatter(
        x=starts,
        y=[run.duration_seconds for run in runs],
        name="duration (s)",
        yaxis="y2",
        mode="lines+markers",
        text=labels,
    )
    figure.update_layout(
        title="Runs over time",
        barmode="group",
        xaxis={"type": "category", "title": "run started (UTC)"},
        yaxis={"title": "count"},
        yaxis2={"title": "seconds", "overlaying": "y", "side": "right", "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.25},
    )
    return fragment(figure, "chart-runs")


def per_day_chart(per_day: dict[str, int]) -> str:
    import plotly.graph_objects as go

    figure = go.Figure(go.Bar(x=list(per_day), y=list(per_day.values()), name="articles"))
    figure.update_layout(
        title="Articles per publication day",
        xaxis={"type": "date", "title": "publication day"},
        yaxis={"title": "articles"},
    )
    return fragment(figure, "chart-per-day")


def tags_chart(tags: list[TagCounts]) -> str:
    import plotly.graph_objects as go

    shown = list(reversed(tags[:30]))
    figure = go.Figure(
        go.Bar(
            x=[len(tag.articles) for tag in shown],
            y=[tag.tag_url.split("://", 1)[-1] for tag in shown],
            orientation="h",
            name="articles",
        )
    )
    figure.update_layout(title="Articles per tag", xaxis={"title": "articles"})
    return fragment(figure, "chart-tags", left_margin=320)


def failures_chart(failures: list[FailureReason]) -> str:
    import plotly.graph_objects as go

    shown = list(reversed(failures[:20]))
    figure = go.Figure(
        go.Bar(x=[f.count for f in shown], y=[f.reason for f in shown], orientation="h")
    )
    figure.update_layout(title="Failures by reason", xaxis={"title": "requests"})
    return fragment(figure, "chart-failures", left_margin=160)
