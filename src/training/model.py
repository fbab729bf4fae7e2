"""The demo model in PyTorch, laid out exactly as llama.cpp's `llama` architecture computes it.

  h = token_embd[ids]
  per block:  h += attn_output( attention( rope(attn_q(n)), rope(attn_k(n)), attn_v(n) ) ),  n = rms_norm(h) * attn_norm
              h += ffn_down( silu(ffn_gate(n)) * ffn_up(n) ),                             n = rms_norm(h) * ffn_norm
  logits = (rms_norm(h) * output_norm) @ token_embd^T          (tied embeddings: GGUF has no output.weight)

RoPE rotates ADJACENT pairs (x[2i], x[2i+1]) by pos * base^(-2i/head_dim): llama.cpp's "normal" rope, which is what
a GGUF `llama` model means. Hugging Face's Llama code rotates halves instead, and its GGUF converter permutes the q/k
rows to make up for it; this model is trained in llama.cpp's layout directly, so its weights are exported unpermuted.

Parameter names are the GGUF tensor names (dots replaced by underscores inside torch), so the export is a plain copy.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn


class Config:
    def __init__(self, vocab_size, dim=192, layers=4, heads=6, kv_heads=6, ffn_dim=512, context=512,
                 rope_base=10000.0, rms_eps=1e-5):
        assert dim % heads == 0 and heads % kv_heads == 0
        self.vocab_size, self.dim, self.layers, self.heads, self.kv_heads = vocab_size, dim, layers, heads, kv_heads
        self.ffn_dim, self.context, self.rope_base, self.rms_eps = ffn_dim, context, rope_base, rms_eps
        self.head_dim = dim // heads

    def to_dict(self):
        return dict(vars(self))

    @staticmethod
    def from_dict(d):
        d = dict(d)
        d.pop("head_dim", None)
        return Config(**d)


def rms_norm(x, weight, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rope(x, pos, base):
    """x: [B, H, T, hd]; pos: [B, T] positions. Rotates adjacent pairs (llama.cpp's normal rope)."""
    hd = x.shape[-1]
    inv = base ** (-torch.arange(0, hd, 2, dtype=torch.float32) / hd)           # [hd/2]
    angles = pos.to(torch.float32)[:, None, :, None] * inv                      # [B, 1, T, hd/2]
    cos, sin = angles.cos(), angles.sin()
    x0, x1 = x[..., 0::2], x[..., 1::2]                                         # [B, H, T, hd/2]
    return torch.stack((x0 * cos - x1 * sin, x0 * sin + x1 * cos), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.attn_norm = nn.Parameter(torch.ones(c.dim))
        self.attn_q = nn.Linear(c.dim, c.heads * c.head_dim, bias=False)
        self.attn_k = nn.Linear(c.dim, c.kv_heads * c.head_dim, bias=False)
        self.attn_v = nn.Linear(c.dim, c.kv_heads * c.head_dim, bias=False)
        self.attn_output = nn.Linear(c.heads * c.head_dim, c.dim, bias=False)
        self.ffn_norm = nn.Parameter(torch.ones(c.dim))
        self.ffn_gate = nn.Linear(c.dim, c.ffn_dim, bias=False)
        self.ffn_up = nn.Linear(c.dim, c.ffn_dim, bias=False)
        self.ffn_down = nn.Linear(c.ffn_dim, c.dim, bias=False)

    def forward(self, h, pos, mask, cache):
        c = self.c
        B, T, _ = h.shape
        n = rms_norm(h, self.attn_norm, c.rms_eps)
        q = self.attn_q(n).view(B, T, c.heads, c.head_dim).transpose(1, 2)      # [B, H, T, hd]
        k = self.attn_k(n).view(B, T, c.kv_heads, c.head_dim).transpose(1, 2)   # [B, KV, T, hd]
        v = self.attn_v(n).view(B, T, c.kv_heads, c.head_dim).transpose(1, 2)
        q, k = rope(q, pos, c.rope_base), rope(k, pos, c.rope_base)
        if cache is not None:
            if cache[0] is not None:
                k, v = torch.cat((cache[0], k), 2), torch.cat((cache[1], v), 2)
            cache[0], cache[1] = k, v
        if c.kv_heads != c.heads:
            k = k.repeat_interleave(c.heads // c.kv_heads, 1)
            v = v.repeat_interleave(c.heads // c.kv_heads, 1)
        scores = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(c.head_dim)) + mask   # [B, H, T, S]
        a = (scores.softmax(-1) @ v).transpose(1, 2).reshape(B, T, c.heads * c.head_dim)
        h = h + self.attn_output(a)
        n = rms_norm(h, self.ffn_norm, c.rms_eps)
        return h + self.ffn_down(F.silu(self.ffn_gate(n)) * self.ffn_up(n))


class Model(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.token_embd = nn.Embedding(c.vocab_size, c.dim)
        self.blk = nn.ModuleList(Block(c) for _ in range(c.layers))
        self.output_norm = nn.Parameter(torch.ones(c.dim))

    def init_weights(self, generator):
        std = 0.02
        for name, p in self.named_parameters():
            if p.dim() == 2:
                scale = std / math.sqrt(2 * self.c.layers) if name.endswith(("attn_output.weight",
                                                                            "ffn_down.weight")) else std
                with torch.no_grad():
                    p.copy_(torch.randn(p.shape, generator=generator) * scale)

    def forward(self, ids, pos, mask, caches=None):
        """ids, pos: [B, T]; mask: additive [B, 1, T, S]; caches: per block [k, v] lists, filled in place."""
        h = self.token_embd(ids)
        for i, block in enumerate(self.blk):
            h = block(h, pos, mask, None if caches is None else caches[i])
        return rms_norm(h, self.output_norm, self.c.rms_eps) @ self.token_embd.weight.t()

    def gguf_tensors(self):
        """(GGUF name, tensor) pairs in the order a converted llama file lists them."""
        yield "token_embd.weight", self.token_embd.weight
        yield "output_norm.weight", self.output_norm
        for i, b in enumerate(self.blk):
            for name in ("attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate",
                         "ffn_up", "ffn_down"):
                p = getattr(b, name)
                yield f"blk.{i}.{name}.weight", p if isinstance(p, nn.Parameter) else p.weight

    def load_gguf_tensors(self, tensors):
        """The inverse of gguf_tensors: tensors maps GGUF names to float tensors of the same shapes."""
        with torch.no_grad():
            for name, p in self.gguf_tensors():
                t = tensors[name]
                if tuple(t.shape) != tuple(p.shape):
                    raise ValueError(f"{name}: shape {tuple(t.shape)}, model expects {tuple(p.shape)}")
                p.copy_(t)


def block_causal_mask(docs):
    """docs: [B, T] conversation index per position (-1 for padding) -> additive mask [B, 1, T, T]: each position
    sees the earlier positions of its own conversation only (padding sees itself, so no row is empty)."""
    T = docs.shape[1]
    causal = torch.ones(T, T, dtype=torch.bool).tril()
    allowed = (docs[:, :, None] == docs[:, None, :]) & causal & (docs[:, None, :] >= 0)
    allowed |= torch.eye(T, dtype=torch.bool)
    return torch.zeros(allowed.shape, dtype=torch.float32).masked_fill(~allowed, float("-inf"))[:, None]


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())
