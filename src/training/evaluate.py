#!/usr/bin/env python3
"""Measures the demo model's quality bar on a GGUF file (by default the shipped Q8_0 one), with PyTorch.

Reads the GGUF with gguf_read.py (Q8_0 dequantized exactly as ggml does), so what is measured is what ships.
Prompts come from eval-prompts.jsonl (written by corpus.py, tokenized by the project's Java tokenizer through
the ChatML template: the same ids Sluice and llama.cpp build for these chats).

  capital                    "What is the capital of <state>?" (the trained phrasing) for all 50 states:
                             the reply must name the right city. Greedy.
  capital-heldout-phrasing   the same with a phrasing never seen in training.
  story                      "Tell me a story about <topic>." for every topic of the generator's vocabulary
                             (animals, names, places, objects): the reply must mention the topic. Greedy.
  story-heldout-phrasing     the same with a phrasing never seen in training.
  sample                     a few chats sampled at temperature 0.7 (seeded), quoted unedited.
The capital and story sets are also measured at temperature 0.7 (seeded). Held-out loss: mean cross-entropy per
trained token (assistant replies and their end-of-turn token) of the held-out conversations.
"""
import argparse
import base64
import json
import os
import re
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gguf_read  # noqa: E402
from model import Config, Model  # noqa: E402
from train import heldout_loss, load_split  # noqa: E402


def load_model(path):
    md, tensors = gguf_read.read(path)
    assert md["general.architecture"] == "llama", md["general.architecture"]
    p = "llama."
    heads = md[p + "attention.head_count"]
    config = Config(vocab_size=len(md["tokenizer.ggml.tokens"]), dim=md[p + "embedding_length"],
                    layers=md[p + "block_count"], heads=heads, kv_heads=md.get(p + "attention.head_count_kv", heads),
                    ffn_dim=md[p + "feed_forward_length"], context=md[p + "context_length"],
                    rope_base=md.get(p + "rope.freq_base", 10000.0),
                    rms_eps=md[p + "attention.layer_norm_rms_epsilon"])
    model = Model(config)
    model.load_gguf_tensors({k: torch.from_numpy(v) for k, v in tensors.items()})
    model.eval()
    return model, md


@torch.no_grad()
def generate(model, prompts, stop_ids, max_new, temperature=0.0, seed=0, batch_size=64):
    """Replies (lists of ids, the stop token excluded) and whether each stopped by itself."""
    generator = torch.Generator().manual_seed(seed)
    replies, finished = [], []
    for start in range(0, len(prompts), batch_size):
        chunk = prompts[start:start + batch_size]
        B, L = len(chunk), max(len(p) for p in chunk)
        pad = torch.tensor([L - len(p) for p in chunk])
        ids = torch.tensor([[0] * (L - len(p)) + list(p) for p in chunk])            # left-padded
        pos = (torch.arange(L)[None, :] - pad[:, None]).clamp(min=0)
        valid = torch.arange(L)[None, :] >= pad[:, None]                              # [B, S] real keys
        allowed = torch.ones(L, L, dtype=torch.bool).tril()[None] & valid[:, None, :]
        allowed |= torch.eye(L, dtype=torch.bool)[None]
        mask = torch.zeros(allowed.shape).masked_fill(~allowed, float("-inf"))[:, None]
        caches = [[None, None] for _ in range(model.c.layers)]
        logits = model(ids, pos, mask, caches)[:, -1]
        out = [[] for _ in range(B)]
        done = [False] * B
        stopped = [False] * B
        cur = pos[:, -1].clone()
        for _ in range(max_new):
            if temperature > 0:
                probs = torch.softmax(logits / temperature, -1)
                nxt = torch.multinomial(probs, 1, generator=generator)[:, 0]
            else:
                nxt = logits.argmax(-1)
            for b in range(B):
                if not done[b]:
                    t = int(nxt[b])
                    if t in stop_ids:
                        done[b] = stopped[b] = True
                    else:
                        out[b].append(t)
            if all(done):
                break
            cur = cur + 1
            valid = torch.cat((valid, torch.ones(B, 1, dtype=torch.bool)), 1)
            step_mask = torch.zeros(B, 1, 1, valid.shape[1]).masked_fill(~valid[:, None, None, :], float("-inf"))
            logits = model(nxt[:, None], cur[:, None], step_mask, caches)[:, -1]
        replies += out
        finished += stopped
    return replies, finished


def mentions(text, word):
    """Whole-word match, allowing a plural ending: 'fox' matches 'foxes', not 'foxglove'."""
    return re.search(r"\b" + re.escape(word) + r"(s|es)?\b", text, re.IGNORECASE) is not None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gguf", required=True)
    ap.add_argument("--data", required=True, help="the folder PrepareCorpus wrote")
    ap.add_argument("--out", required=True, help="report JSON")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max-new", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()

    model, md = load_model(args.gguf)
    vocab = json.load(open(os.path.join(args.data, "vocab.json")))
    token_bytes = [base64.b64decode(t) for t in vocab["tokens"]]
    stop_ids = set(vocab["end_of_generation"])
    prompts = [json.loads(line) for line in open(os.path.join(args.data, "eval-prompts.jsonl"))]

    def text(ids):
        return b"".join(token_bytes[i] for i in ids).decode("utf-8", errors="replace")

    heldout = load_split(args.data, "heldout")
    report = {"gguf": os.path.basename(args.gguf), "general.name": md.get("general.name"),
              "heldout_loss": heldout_loss(model, heldout, model.c.context),
              "heldout_trained_tokens": int(heldout[1].sum()), "sets": {}, "samples": []}
    report["heldout_perplexity"] = float(np.exp(report["heldout_loss"]))

    capitals = sorted({p["expect"][0] for p in prompts if p["set"] == "capital"})
    for name in ["capital", "capital-heldout-phrasing", "story", "story-heldout-phrasing"]:
        chosen = [p for p in prompts if p["set"] == name]
        for temperature in (0.0, 0.7):
            replies, finished = generate(model, [p["ids"] for p in chosen], stop_ids, args.max_new, temperature,
                                         args.seed)
            texts = [text(r) for r in replies]
            ok = [mentions(t, p["expect"][0]) for p, t in zip(chosen, texts)]
            result = {"prompts": len(chosen), "passed": sum(ok), "rate": sum(ok) / len(chosen),
                      "stopped_by_itself": sum(finished),
                      "failures": [{"prompt": p["messages"][-1]["content"], "reply": t}
                                   for p, t, good in zip(chosen, texts, ok) if not good][:10]}
            if name.startswith("story"):
                # The same test on the story alone, without a "Here is a story about X." preface.
                result["passed_in_story_body"] = sum(mentions(t.split("\n\n", 1)[-1], p["expect"][0])
                                                     for p, t in zip(chosen, texts))
            if name.startswith("capital"):
                only = [good and not any(mentions(t, c) for c in capitals if c != p["expect"][0])
                        for p, t, good in zip(chosen, texts, ok)]
                result["only_the_right_city"] = sum(only)
            report["sets"][f"{name}@T={temperature}"] = result
            if temperature == 0.0:
                report.setdefault("greedy_replies", {})[name] = texts

    samples = [p for p in prompts if p["set"] == "sample"]
    replies, finished = generate(model, [p["ids"] for p in samples], stop_ids, args.max_new, 0.7, args.seed)
    for p, r, f in zip(samples, replies, finished):
        report["samples"].append({"prompt": p["messages"][-1]["content"], "reply": text(r), "stopped_by_itself": f})
    report["seconds"] = round(time.time() - started)

    with open(args.out, "w") as f:
        json.dump(report, f, indent=2, ensure_ascii=False)
    print(f"{report['gguf']}: held-out loss {report['heldout_loss']:.4f} nats/token "
          f"(perplexity {report['heldout_perplexity']:.3f}) over {report['heldout_trained_tokens']} tokens")
    for key, r in report["sets"].items():
        extra = f", only the right city {r['only_the_right_city']}" if "only_the_right_city" in r else ""
        if "passed_in_story_body" in r:
            extra = f", in the story itself (preface excluded) {r['passed_in_story_body']}"
        print(f"  {key:36s} {r['passed']:4d}/{r['prompts']:<4d} = {100 * r['rate']:5.1f}%{extra}; "
              f"stopped by itself {r['stopped_by_itself']}")
    for s in report["samples"]:
        print(f"  [T=0.7] {s['prompt']!r} -> {s['reply']!r}")


if __name__ == "__main__":
    main()
