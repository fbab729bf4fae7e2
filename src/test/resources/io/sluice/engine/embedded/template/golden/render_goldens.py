#!/usr/bin/env python3
"""Regenerates goldens.json and snippets-expected.json: the prompts Hugging Face transformers renders for each template x scenario.

The renderer below is the environment transformers' apply_chat_template builds (utils/chat_template_utils.py):
an ImmutableSandboxedEnvironment with trim_blocks and lstrip_blocks, the loopcontrols and generation extensions, its own tojson
(json.dumps with ensure_ascii=False), and the globals raise_exception and strftime_now; render() gets messages,
tools=None, documents=None, add_generation_prompt and the special tokens that exist. strftime_now is pinned to
FIXED_NOW so goldens do not depend on the day they were made (the Java test pins its Clock to the same instant).

Run from this folder with Jinja2 3.1 installed:  python3 render_goldens.py
"""
import json
import os
from datetime import datetime, timezone

from jinja2 import nodes
from jinja2.exceptions import TemplateError
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_NOW = datetime(2025, 3, 7, 12, 0, 0, tzinfo=timezone.utc)


def raise_exception(message):
    raise TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return FIXED_NOW.strftime(fmt)


class AssistantTracker(Extension):
    """transformers' {% generation %} tag, reduced to what matters for a prompt: the body renders unchanged."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_render"), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def hf_render(template, messages, add_generation_prompt, bos_token, eos_token, variables=None):
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[AssistantTracker, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    kwargs = dict(variables or {})
    if bos_token is not None:
        kwargs["bos_token"] = bos_token
    if eos_token is not None:
        kwargs["eos_token"] = eos_token
    return env.from_string(template).render(
        messages=messages, tools=None, documents=None, add_generation_prompt=add_generation_prompt, **kwargs)


def main():
    with open(os.path.join(HERE, "scenarios.json"), encoding="utf-8") as f:
        spec = json.load(f)
    goldens = []
    for t in spec["templates"]:
        with open(os.path.join(HERE, "..", "templates", t["file"]), encoding="utf-8", newline="") as f:
            source = f.read()
        for s in spec["scenarios"]:
            for agp in (True, False):
                entry = {"template": t["file"], "scenario": s["id"], "add_generation_prompt": agp}
                try:
                    entry["expected"] = hf_render(source, s["messages"], agp, t.get("bos_token"), t.get("eos_token"),
                                                  s.get("variables"))
                except TemplateError as e:
                    entry["error"] = str(e)
                goldens.append(entry)
    with open(os.path.join(HERE, "goldens.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({"generated_by": "render_goldens.py with Jinja2 " + __import__("jinja2").__version__,
                   "fixed_now": FIXED_NOW.isoformat(), "goldens": goldens}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(len(goldens), "goldens,", sum(1 for g in goldens if "error" in g), "of them errors")

    with open(os.path.join(HERE, "snippets.json"), encoding="utf-8") as f:
        snippets = json.load(f)
    results = []
    for s in snippets["snippets"]:
        entry = {"id": s["id"]}
        try:
            entry["expected"] = hf_render(s["template"], snippets["messages"], False, None, None)
        except Exception as e:  # TemplateError, TypeError, UndefinedError: all mean "this template fails"
            entry["error"] = type(e).__name__ + ": " + str(e)
        results.append(entry)
    with open(os.path.join(HERE, "snippets-expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({"generated_by": "render_goldens.py", "results": results}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(len(results), "snippets,", sum(1 for r in results if "error" in r), "of them errors")


if __name__ == "__main__":
    main()
