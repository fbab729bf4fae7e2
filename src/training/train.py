#!/usr/bin/env python3
"""Trains the demo model on the token files PrepareCorpus wrote, on CPU, with checkpoints; exports raw weights.

Input (--data): train.{ids,mask,docs}, heldout.{ids,mask,docs}, vocab.json (see io.sluice.tools.demo.TokenFiles).
Output (--out):
  ckpt.pt               latest checkpoint (model, optimizer, step); --resume continues from it
  train-log.jsonl       one line per logged step
  weights/manifest.json + weights/<gguf tensor name>.f32
                        the trained weights: little-endian float32, row-major in PyTorch's [out, in] order (the
                        GGUF dims are the reverse), names as in the GGUF file; the manifest holds the
                        hyper-parameters. io.sluice.tools.demo.WriteGguf turns them into the GGUF file.
  train-report.json     steps, tokens, time, throughput, final training and held-out loss

Batches hold whole conversations of similar length (right-padded, causal attention), about --batch-tokens tokens
each; the loss is the cross-entropy of the tokens the mask marks (assistant replies and their end-of-turn token).
Everything random is seeded by --seed; the batch plan depends only on the data and the seed, so a resumed run sees
the same batches. (Results are reproducible to float rounding: BLAS reductions may differ between machines.)
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Config, Model, block_causal_mask, parameter_count  # noqa: E402


def load_split(data, name):
    ids = np.fromfile(os.path.join(data, name + ".ids"), dtype="<u2").astype(np.int64)
    mask = np.fromfile(os.path.join(data, name + ".mask"), dtype=np.uint8).astype(bool)
    docs = np.fromfile(os.path.join(data, name + ".docs"), dtype="<i4").astype(np.int64)
    assert len(ids) == len(mask) == docs[-1], (len(ids), len(mask), docs[-1])
    return ids, mask, docs


def batch_plan(lengths, batch_tokens, seed, epochs):
    """Lists of conversation indices, epoch after epoch: each epoch shuffles, sorts chunks by length so a batch
    holds conversations of similar length, cuts batches of about batch_tokens (padded) tokens, shuffles them."""
    plan = []
    for epoch in range(epochs):
        rng = np.random.default_rng(seed * 1000 + epoch)
        order = rng.permutation(len(lengths))
        batches = []
        chunk = 256
        for start in range(0, len(order), chunk * 8):
            part = sorted(order[start:start + chunk * 8], key=lambda i: lengths[i])
            current, longest = [], 0
            for i in part:
                if current and max(longest, lengths[i]) * (len(current) + 1) > batch_tokens:
                    batches.append(current)
                    current, longest = [], 0
                current.append(int(i))
                longest = max(longest, lengths[i])
            if current:
                batches.append(current)
        rng.shuffle(batches)
        plan.append(batches)
    return plan


def make_batch(split, doc_indices):
    """Right-padded inputs, positions, targets and loss mask for a list of conversations."""
    ids, mask, docs = split
    T = int(max(docs[i + 1] - docs[i] for i in doc_indices))
    B = len(doc_indices)
    x = np.zeros((B, T), dtype=np.int64)
    m = np.zeros((B, T), dtype=bool)
    for row, i in enumerate(doc_indices):
        s, e = docs[i], docs[i + 1]
        x[row, :e - s] = ids[s:e]
        m[row, :e - s] = mask[s:e]
    x, m = torch.from_numpy(x), torch.from_numpy(m)
    inputs, targets, trained = x[:, :-1], x[:, 1:], m[:, 1:]
    pos = torch.arange(T - 1).expand(B, T - 1)
    return inputs, pos, targets, trained


CAUSAL_CACHE = {}


def causal_mask(T):
    if T not in CAUSAL_CACHE:
        CAUSAL_CACHE[T] = block_causal_mask(torch.zeros(1, T, dtype=torch.long))
    return CAUSAL_CACHE[T]


def batch_loss(model, batch):
    inputs, pos, targets, trained = batch
    logits = model(inputs, pos, causal_mask(inputs.shape[1]))
    losses = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
    weights = trained.reshape(-1).float()
    return (losses * weights).sum(), weights.sum()


@torch.no_grad()
def heldout_loss(model, split, context, batch_tokens=8192):
    """Mean cross-entropy (nats) per trained token over the held-out split."""
    ids, mask, docs = split
    lengths = np.diff(docs)
    keep = [i for i in range(len(lengths)) if lengths[i] <= context]
    order = sorted(keep, key=lambda i: lengths[i])
    total, count, batch = 0.0, 0.0, []
    for i in order + [None]:
        if i is not None and (not batch or lengths[i] * (len(batch) + 1) <= batch_tokens):
            batch.append(i)
            continue
        s, n = batch_loss(model, make_batch(split, batch))
        total, count = total + s.item(), count + n.item()
        batch = [i] if i is not None else []
    return total / count


def lr_at(step, total, peak, warmup, floor=0.1):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def save_atomic(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def export_weights(model, config, out_dir, info):
    os.makedirs(out_dir, exist_ok=True)
    tensors = []
    for name, p in model.gguf_tensors():
        file = name + ".f32"
        p.detach().to(torch.float32).contiguous().numpy().astype("<f4").tofile(os.path.join(out_dir, file))
        tensors.append({"name": name, "shape": list(p.shape), "file": file})
    manifest = {
        "format": "sluice-demo-weights/1",
        "note": "little-endian float32, row-major with shape in PyTorch order ([out, in]); GGUF dims are the "
                "reverse. RoPE pairs adjacent dimensions (llama.cpp's llama layout): no q/k permutation needed.",
        "architecture": "llama",
        "context_length": config.context,
        "embedding_length": config.dim,
        "block_count": config.layers,
        "feed_forward_length": config.ffn_dim,
        "head_count": config.heads,
        "head_count_kv": config.kv_heads,
        "head_dim": config.head_dim,
        "rope_freq_base": config.rope_base,
        "rms_eps": config.rms_eps,
        "vocab_size": config.vocab_size,
        "tied_embeddings": True,
        "training": info,
        "tensors": tensors,
    }
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--dim", type=int, default=192)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=6)
    ap.add_argument("--kv-heads", type=int, default=6)
    ap.add_argument("--ffn", type=int, default=512)
    ap.add_argument("--context", type=int, default=512)
    ap.add_argument("--epochs", type=float, default=0.6, help="passes over the training conversations")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (smoke runs)")
    ap.add_argument("--batch-tokens", type=int, default=4096)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--log-every", type=int, default=20)
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--eval-every", type=int, default=250, help="held-out loss every this many steps (0: end only)")
    ap.add_argument("--resume", action="store_true")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    vocab = json.load(open(os.path.join(args.data, "vocab.json")))
    train = load_split(args.data, "train")
    heldout = load_split(args.data, "heldout")
    lengths = np.diff(train[2])
    usable = np.nonzero(lengths <= args.context)[0]
    if len(usable) < len(lengths):
        print(f"dropping {len(lengths) - len(usable)} conversations longer than {args.context} tokens", flush=True)
    plan_epochs = max(1, math.ceil(args.epochs))
    plan = [[[int(usable[i]) for i in batch] for batch in epoch]
            for epoch in batch_plan(lengths[usable], args.batch_tokens, args.seed, plan_epochs)]
    flat = [b for epoch in plan for b in epoch]
    total_steps = round(args.epochs * len(plan[0]))
    if args.max_steps:
        total_steps = min(total_steps, args.max_steps)

    config = Config(len(vocab["tokens"]), args.dim, args.layers, args.heads, args.kv_heads, args.ffn, args.context)
    torch.manual_seed(args.seed)
    model = Model(config)
    model.init_weights(torch.Generator().manual_seed(args.seed))
    decay = [p for n, p in model.named_parameters() if p.dim() == 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    step, elapsed, tokens_seen = 0, 0.0, 0
    ckpt_path = os.path.join(args.out, "ckpt.pt")
    if args.resume and os.path.exists(ckpt_path):
        ckpt = torch.load(ckpt_path)
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        step, elapsed, tokens_seen = ckpt["step"], ckpt["elapsed"], ckpt["tokens_seen"]
        print(f"resumed at step {step}", flush=True)
    print(f"model: {parameter_count(model):,} parameters ({config.to_dict()}); {total_steps} steps of ~"
          f"{args.batch_tokens} tokens, {len(plan[0])} steps per epoch", flush=True)

    log = open(os.path.join(args.out, "train-log.jsonl"), "a")

    def checkpoint():
        save_atomic({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed,
                     "tokens_seen": tokens_seen, "config": config.to_dict(), "args": vars(args)}, ckpt_path)

    window_loss, window_count, window_start, window_tokens = 0.0, 0.0, time.time(), 0
    evals = []
    while step < total_steps:
        started = time.time()
        lr = lr_at(step, total_steps, args.lr, args.warmup)
        for g in opt.param_groups:
            g["lr"] = lr
        batch = make_batch(train, flat[step])
        loss_sum, count = batch_loss(model, batch)
        opt.zero_grad(set_to_none=True)
        (loss_sum / count).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        n_tokens = batch[0].numel()
        tokens_seen += n_tokens
        window_tokens += n_tokens
        window_loss += loss_sum.item()
        window_count += count.item()
        elapsed += time.time() - started
        if step % args.log_every == 0 or step == total_steps:
            rate = window_tokens / (time.time() - window_start)
            row = {"step": step, "loss": window_loss / window_count, "lr": lr, "tokens_per_s": round(rate),
                   "tokens_seen": tokens_seen, "elapsed_s": round(elapsed),
                   "eta_s": round((total_steps - step) * elapsed / step)}
            print(json.dumps(row), flush=True)
            log.write(json.dumps(row) + "\n")
            log.flush()
            window_loss, window_count, window_start, window_tokens = 0.0, 0.0, time.time(), 0
        if args.eval_every and step % args.eval_every == 0 and step < total_steps:
            model.eval()
            h = heldout_loss(model, heldout, args.context)
            model.train()
            evals.append({"step": step, "heldout_loss": h})
            print(json.dumps(evals[-1]), flush=True)
            log.write(json.dumps(evals[-1]) + "\n")
        if step % args.ckpt_every == 0 or step == total_steps:
            checkpoint()

    model.eval()
    final_heldout = heldout_loss(model, heldout, args.context)
    last = [json.loads(line) for line in open(os.path.join(args.out, "train-log.jsonl")) if '"loss"' in line]
    info = {
        "seed": args.seed, "steps": step, "tokens_seen": tokens_seen, "train_seconds": round(elapsed),
        "tokens_per_second": round(tokens_seen / max(elapsed, 1e-9)), "parameters": parameter_count(model),
        "epochs": args.epochs, "batch_tokens": args.batch_tokens, "lr": args.lr, "threads": args.threads,
        "final_train_loss": last[-1]["loss"] if last else None, "heldout_loss": final_heldout,
        "heldout_trained_tokens": int(heldout[1].sum()),
    }
    export_weights(model, config, os.path.join(args.out, "weights"), info)
    with open(os.path.join(args.out, "train-report.json"), "w") as f:
        json.dump(info, f, indent=2)
    print(json.dumps(info), flush=True)


if __name__ == "__main__":
    main()
