"""The progress view of lesson 00: per lesson, how many self-checks are right, tried but not yet
right, and not tried, with a text summary for screen readers. It reads the quizzes and the
learner's store (:mod:`backmice.progress`)."""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go
from IPython.display import display

from . import quiz, style
from .progress import LessonProgress, reset, store, text_summary
from .widgets import box, figure_widget


def course_questions() -> dict[str, list[str]]:
    """Every lesson's self-check question ids, from assets/quizzes/."""
    return {lesson: [q.id for q in quiz.load(lesson)] for lesson in quiz.lessons()}


def figure(rows: list[LessonProgress]):
    """Stacked horizontal bars: right / tried / not tried, one bar per lesson."""
    style.use()
    names = [r.lesson.replace("_", " ") for r in rows]
    fig = go.Figure(layout=dict(
        title="Your self-checks, lesson by lesson", barmode="stack", height=160 + 45 * len(rows),
        xaxis=dict(title="questions", dtick=1), yaxis=dict(autorange="reversed"),
        legend=dict(orientation="v", x=1.02, y=1, yanchor="top", traceorder="normal"), margin=dict(l=170, r=20)))
    for label, attr, colour, pattern in (("\u2713 right", "right", style.GOOD, ""),
                                         ("\u25cb tried, not yet right", "tried", style.PALETTE["orange"], "/"),
                                         ("\u2013 not tried", "untried", "#dddddd", ".")):
        fig.add_bar(name=label, y=names, x=[getattr(r, attr) for r in rows], orientation="h",
                    marker=dict(color=colour, pattern_shape=pattern, line=dict(color="#444", width=1)),
                    hovertemplate="%{y}: %{x} " + label.split(" ", 1)[1] + "<extra></extra>")
    return figure_widget(fig)


def show() -> None:
    """The progress view: figure, text summary, any notice, and a button to refresh."""
    from . import static  # the website has no learner: a note instead of the build's progress

    if static.active():
        return static.show_progress()

    def rows():
        return store().summary(course_questions())

    fig = figure(rows())
    summary = w.HTML()
    notice = w.HTML()

    def refresh(_=None):
        reset()  # re-read the file: other lessons may have written to it
        data = rows()
        with fig.batch_update():
            for trace, attr in zip(fig.data, ("right", "tried", "untried")):
                trace.x = [getattr(r, attr) for r in data]
        summary.value = f"<p role='status'>{text_summary(data)}</p>"
        if store().notice:  # keep a notice on screen once shown
            notice.value = (f"<p style='border-left:4px solid #E69F00;padding-left:8px'>"
                            f"\u26a0 {store().notice}</p>")

    button = w.Button(description="Refresh my progress", icon="refresh", layout={"width": "auto"},
                      tooltip="Read your saved progress again")
    button.on_click(refresh)
    refresh()
    display(box([notice, fig, summary, w.HBox([button])], label="progress view"))
