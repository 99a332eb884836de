"""A path's logic at a glance: questions → answers → the steps each answer switches on or off.

`build_map` works out which answers a step's condition depends on: an answer mentioned under
an even number of `not`s switches the step on, under an odd number off. `svg` draws it
(questions left, phases and steps right, one line per answer → step), `markdown` and the
preview's HTML list say the same in words. The layout is computed, never random, so the same
path gives the same bytes.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from html import escape

from . import conditions
from .i18n import Messages
from .model import Path


@dataclass
class MapOption:
    id: str
    label: str
    on: list[str] = field(default_factory=list)  # step ids
    off: list[str] = field(default_factory=list)


@dataclass
class MapQuestion:
    id: str
    label: str
    type: str
    options: list[MapOption]


@dataclass
class MapStep:
    id: str
    label: str  # "3." or "(or)": the number, or the word linking it to the step before, as on the page
    title: str
    applies_if: str | None  # the condition in words; None: for everyone

    @property
    def ref(self) -> str:
        return f"{self.label} {self.title}"


@dataclass
class MapPhase:
    id: str
    title: str
    steps: list[MapStep]


@dataclass
class PathMap:
    id: str
    title: str
    questions: list[MapQuestion]
    phases: list[MapPhase]

    def steps(self) -> dict[str, MapStep]:
        return {step.id: step for phase in self.phases for step in phase.steps}

    def dead_ends(self) -> list[MapOption]:
        """Answers that change no step: an editor usually forgot a condition."""
        return [option for q in self.questions for option in q.options if not option.on and not option.off]


def build_map(path: Path, t: Messages) -> PathMap:
    lang = t.lang
    questions = {question.id: question for question in path.questions}
    options = {(q.id, o.id): MapOption(o.id, o.label.get(lang)) for q in path.questions for o in q.options}
    phases, number = [], 0
    for phase in path.phases:
        steps = []
        for step in phase.steps:
            number += step.relation is None
            applies_if = None
            if step.when is not None:
                applies_if = conditions.describe(step.when, questions, lang, lambda key, values: t(key, **values))
                for leaf_path, leaf in conditions.chosen_leaves(step.when):
                    switched = "off" if leaf_path.count("not") % 2 else "on"
                    for option_id in leaf.options:
                        targets = getattr(options[(leaf.question, option_id)], switched)
                        if step.id not in targets:
                            targets.append(step.id)
            label = f"({t(f'relation_{step.relation}')})" if step.relation else f"{number}."
            steps.append(MapStep(step.id, label, step.title.get(lang), applies_if))
        phases.append(MapPhase(phase.id, phase.title.get(lang), steps))
    return PathMap(path.id, path.title.get(lang), [
        MapQuestion(q.id, q.label.get(lang), q.type, [options[(q.id, o.id)] for o in q.options]) for q in path.questions
    ], phases)


def describe(path_map: PathMap, t: Messages) -> str:
    """One sentence for the SVG's <desc> and the page: what the map holds."""
    steps = path_map.steps()
    return t("preview_map_desc", questions=t.count("preview_map_question_count", len(path_map.questions)),
             answers=t.count("preview_map_answer_count", sum(len(q.options) for q in path_map.questions)),
             steps=t.count("step_count", len(steps)),
             conditional=sum(step.applies_if is not None for step in steps.values()))


# ---------------------------------------------------------------- SVG

FONT = 14
LINE = 18
PAD = 8
LEFT_X, LEFT_W = 16, 272
GAP = 168
RIGHT_X, RIGHT_W = LEFT_X + LEFT_W + GAP, 320
WIDTH = RIGHT_X + RIGHT_W + 16
CHARS = {"left": 31, "right": 40}  # characters per line at 14 px in a system font
INK, MUTED, ON, OFF, FILL_IF, FILL = "#1a1a1a", "#555555", "#0000bf", "#a3001b", "#fff4b4", "#ffffff"


def svg(path_map: PathMap, t: Messages) -> str:
    """An accessible SVG (role="img", <title>, <desc>); the text equivalent says the same in words."""
    parts: list[str] = []
    y = _legend(parts, t) + 16
    left_y, right_y, anchors, step_boxes = y, y, {}, {}
    for question in path_map.questions:
        how = t(f"preview_map_{question.type}")
        left_y = _text_block(parts, LEFT_X, left_y, f"{question.label} ({how})", "left", bold=True) + 4
        for option in question.options:
            dead = not option.on and not option.off
            label = option.label + (f" – {t('preview_map_no_step')}" if dead else "")
            top = left_y
            left_y = _box(parts, LEFT_X + 12, top, LEFT_W - 12, label, "left", FILL, dashed=dead)
            anchors[(question.id, option.id)] = (LEFT_X + LEFT_W, (top + left_y) // 2)
            left_y += 6
        left_y += 14
    for phase in path_map.phases:
        right_y = _text_block(parts, RIGHT_X, right_y, phase.title, "right", bold=True) + 4
        for step in phase.steps:
            top = right_y
            right_y = _box(parts, RIGHT_X, top, RIGHT_W, step.ref, "right",
                           FILL_IF if step.applies_if else FILL, thick=step.applies_if is not None)
            step_boxes[step.id] = (RIGHT_X, (top + right_y) // 2)
            right_y += 6
        right_y += 14
    for question in path_map.questions:
        for option in question.options:
            x1, y1 = anchors[(question.id, option.id)]
            for switched, targets in (("on", option.on), ("off", option.off)):
                for step_id in targets:
                    x2, y2 = step_boxes[step_id]
                    parts.append(_edge(x1, y1, x2, y2, switched))
    height = max(left_y, right_y) + 8
    title_id, desc_id = f"map-{path_map.id}-title", f"map-{path_map.id}-desc"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'role="img" aria-labelledby="{title_id} {desc_id}" font-family="system-ui, sans-serif" font-size="{FONT}">\n'
            f'<title id="{title_id}">{escape(t("preview_map_title", title=path_map.title))}</title>\n'
            f'<desc id="{desc_id}">{escape(describe(path_map, t))}</desc>\n'
            f'<defs>{_marker("on", ON)}{_marker("off", OFF)}</defs>\n'
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n')
    return head + "\n".join(parts) + "\n</svg>\n"


def _legend(parts: list[str], t: Messages) -> int:
    y = 16
    items = [("on", t("preview_map_legend_on")), ("off", t("preview_map_legend_off"))]
    for switched, words in items:
        parts.append(_edge(LEFT_X, y + 6, LEFT_X + 40, y + 6, switched))
        parts.append(f'<text x="{LEFT_X + 52}" y="{y + 11}" fill="{INK}">{escape(words)}</text>')
        y += LINE + 4
    for fill, thick, words in ((FILL_IF, True, t("preview_map_legend_if")), (FILL, False, t("preview_map_legend_all"))):
        parts.append(f'<rect x="{LEFT_X}" y="{y}" width="40" height="14" rx="3" fill="{fill}" stroke="{INK}" '
                     f'stroke-width="{2 if thick else 1}"/>')
        parts.append(f'<text x="{LEFT_X + 52}" y="{y + 11}" fill="{INK}">{escape(words)}</text>')
        y += LINE + 4
    return y


def _lines(text: str, column: str) -> list[str]:
    return textwrap.wrap(text, CHARS[column], break_long_words=True) or [""]


def _text_block(parts: list[str], x: int, y: int, text: str, column: str, bold: bool = False) -> int:
    weight = ' font-weight="700"' if bold else ""
    for line in _lines(text, column):
        y += LINE
        parts.append(f'<text x="{x}" y="{y - 4}" fill="{INK}"{weight}>{escape(line)}</text>')
    return y + 4


def _box(parts: list[str], x: int, y: int, width: int, text: str, column: str, fill: str,
         thick: bool = False, dashed: bool = False) -> int:
    lines = _lines(text, column)
    height = len(lines) * LINE + PAD
    stroke = f'stroke="{INK if not dashed else MUTED}" stroke-width="{2 if thick else 1}"'
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    parts.append(f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="4" fill="{fill}" {stroke}{dash}/>')
    for index, line in enumerate(lines):
        parts.append(f'<text x="{x + PAD}" y="{y + PAD // 2 + (index + 1) * LINE - 4}" fill="{INK}">{escape(line)}</text>')
    return y + height


def _edge(x1: int, y1: int, x2: int, y2: int, switched: str) -> str:
    colour = ON if switched == "on" else OFF
    bend = max(20, (x2 - x1) // 2)
    dash = ' stroke-dasharray="6 4"' if switched == "off" else ""
    return (f'<path d="M {x1} {y1} C {x1 + bend} {y1}, {x2 - bend} {y2}, {x2 - 2} {y2}" fill="none" '
            f'stroke="{colour}" stroke-width="2"{dash} marker-end="url(#map-{switched})"/>')


def _marker(switched: str, colour: str) -> str:
    shape = "M 0 0 L 8 4 L 0 8 z" if switched == "on" else "M 6 0 L 8 0 L 8 8 L 6 8 z"
    return (f'<marker id="map-{switched}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" '
            f'orient="auto"><path d="{shape}" fill="{colour}"/></marker>')


# ---------------------------------------------------------------- text equivalent


def markdown(path_map: PathMap, t: Messages) -> str:
    """The map in words, for `build.py map` (the preview page renders the same as HTML)."""
    steps = path_map.steps()

    def step_list(ids: list[str]) -> str:
        return "; ".join(steps[i].ref for i in ids)

    lines = [f"# {t('preview_map_title', title=path_map.title)}", "", describe(path_map, t), "",
             f"## {t('preview_map_questions')}", ""]
    for question in path_map.questions:
        lines.append(f"- **{question.label}** ({t(f'preview_map_{question.type}')})")
        for option in question.options:
            effects = [f"{t('preview_map_switches_' + switched)}: {step_list(ids)}"
                       for switched, ids in (("on", option.on), ("off", option.off)) if ids]
            lines.append(f"  - *{option.label}*: " + ("; ".join(effects) if effects else f"**{t('preview_map_no_step')}**"))
    lines += ["", f"## {t('preview_map_steps')}"]
    for phase in path_map.phases:
        lines += ["", f"### {phase.title}", ""]
        for step in phase.steps:
            when = t("applies_if", condition=step.applies_if) if step.applies_if else t("preview_map_for_everyone")
            lines.append(f"- {step.ref} – {when}")
    return "\n".join(lines) + "\n"
