"""What a student *typed*, read from notebook source without running it.

The grader guard (backmice.nbgrader_guard) uses this to score answers from the literal in the
answer cell, in the grader's own process, so nothing the student's code did to the kernel can
raise a score. Tests use it to check that every test cell in solutions/ is well formed.

Only the standard library and IPython's input transformer (to read cells that use magics) are
used; no student code is ever executed here.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

__all__ = ["Item", "NotTyped", "MISSING", "parse_test_cell", "bind_typed_values", "literal"]

MISSING = object()


@dataclass(frozen=True)
class NotTyped:
    """A name bound by code rather than by a plain typed value."""

    reason: str


class _NotLiteral(Exception):
    pass


_NUMERIC_OPS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
    ast.Pow: lambda a, b: a ** b,
}


def _is_number(x) -> bool:
    return type(x) in (int, float)


def literal(node: ast.AST, env: dict | None = None):
    """Value of a literal expression: constants, containers, arithmetic on numbers, and names
    that were themselves bound to typed literals. Anything else raises _NotLiteral."""
    env = env or {}
    if isinstance(node, ast.Constant):
        if type(node.value) in (str, int, float, bool) or node.value is None:
            return node.value
        raise _NotLiteral("a constant of an unusual type")
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = [literal(e, env) for e in node.elts]
        return {ast.List: list, ast.Tuple: tuple, ast.Set: frozenset}[type(node)](items)
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            raise _NotLiteral("a dict built with **")
        return {literal(k, env): literal(v, env) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = literal(node.operand, env)
        if not _is_number(value):
            raise _NotLiteral("a sign in front of something that is not a number")
        return -value if isinstance(node.op, ast.USub) else +value
    if isinstance(node, ast.BinOp) and type(node.op) in _NUMERIC_OPS:
        a, b = literal(node.left, env), literal(node.right, env)
        if not (_is_number(a) and _is_number(b)):
            raise _NotLiteral("arithmetic on something that is not a number")
        if isinstance(node.op, ast.Pow) and abs(b) > 100:
            raise _NotLiteral("a power too large to work out")
        try:
            return _NUMERIC_OPS[type(node.op)](a, b)
        except (ArithmeticError, ValueError) as exc:
            raise _NotLiteral(f"arithmetic that fails ({exc})") from None
    if isinstance(node, ast.Name):
        value = env.get(node.id, MISSING)
        if value is MISSING or isinstance(value, NotTyped):
            raise _NotLiteral(f"the name {node.id}, which is not a typed value")
        return value
    raise _NotLiteral("code, not a typed value")


def _to_python(source: str) -> str:
    """Turn IPython syntax (magics, !shell) into plain Python, as the kernel would."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython is always installed with Jupyter
        return source
    try:
        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(_to_python(source))
    except (SyntaxError, ValueError):
        return None


def bind_typed_values(source: str, env: dict) -> None:
    """Update ``env`` (name -> typed value or NotTyped) with what this code cell binds.

    Only top-level ``name = <literal>`` counts as typed. Any other way of binding a name
    (a call, a loop, an import, ``del``, a walrus, an assignment inside a function or ``if``)
    marks it NotTyped. A cell that does not parse binds nothing, as in the kernel.
    """
    tree = _parse(source)
    if tree is None:
        return
    for stmt in tree.body:
        targets: list[ast.expr] = []
        value_node = None
        if isinstance(stmt, ast.Assign):
            targets, value_node = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value_node = [stmt.target], stmt.value
        if targets and all(isinstance(t, ast.Name) for t in targets):
            try:
                value = literal(value_node, env)
            except _NotLiteral as exc:
                value = NotTyped(str(exc))
            # names stored inside the value itself (walrus) are code-bound too
            for node in ast.walk(value_node):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    env[node.id] = NotTyped("set inside an expression")
            for t in targets:
                env[t.id] = value
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                env[node.id] = NotTyped("set by code")
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                for name in node.names:
                    env[name] = NotTyped("set by code")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                env[node.name] = NotTyped("defined by code")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    env[(alias.asname or alias.name).split(".")[0]] = NotTyped("imported")


@dataclass
class Item:
    """One graded answer as declared by check(...) and grade(...) calls in a test cell."""

    name: str
    kind: str | None = None
    points: float | None = None
    spec: dict = field(default_factory=dict)
    key: object = MISSING
    has_check: bool = False
    has_grade: bool = False


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def parse_test_cell(source: str) -> list[Item]:
    """Items declared in a test cell, in order. Raises ValueError for a malformed declaration
    (an author's mistake, which tests must catch before any student sees it)."""
    tree = _parse(source)
    if tree is None:
        raise ValueError("the test cell does not parse")
    items: dict[str, Item] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _call_name(node) not in ("check", "grade"):
            continue
        which = _call_name(node)
        try:
            args = [literal(a) for a in node.args]
            kwargs = {kw.arg: literal(kw.value) for kw in node.keywords}
        except _NotLiteral as exc:
            raise ValueError(f"{which}(...) must be called with typed values only: {exc}") from None
        if None in kwargs:
            raise ValueError(f"{which}(...) must not use **")
        if not args or type(args[0]) is not str:
            raise ValueError(f"{which}(...) needs the answer's name as its first argument")
        item = items.setdefault(args[0], Item(name=args[0]))
        if which == "check":
            if len(args) != 2 or "points" not in kwargs:
                raise ValueError(f'check("{args[0]}", kind, ..., points=...) is malformed')
            item.kind, item.points = args[1], kwargs.pop("points")
            item.spec.update(kwargs)
            item.has_check = True
        else:
            if len(args) != 1 or "key" not in kwargs:
                raise ValueError(f'grade("{args[0]}", key=...) is malformed')
            item.key = kwargs.pop("key")
            item.spec.update(kwargs)
            item.has_grade = True
    return list(items.values())
