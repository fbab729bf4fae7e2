"""A minimal GGUF v3 reader (metadata and F32 / F16 / Q8_0 tensors), so the evaluation measures the shipped file."""
import struct

import numpy as np

SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
F32, F16, Q8_0 = 0, 1, 8


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def unpack(self, fmt):
        v = struct.unpack_from(fmt, self.data, self.pos)[0]
        self.pos += struct.calcsize(fmt)
        return v

    def string(self):
        n = self.unpack("<Q")
        s = self.data[self.pos:self.pos + n].decode("utf-8")
        self.pos += n
        return s

    def value(self, kind):
        if kind in SCALARS:
            return self.unpack(SCALARS[kind])
        if kind == 8:
            return self.string()
        if kind == 9:
            item, n = self.unpack("<I"), self.unpack("<Q")
            return [self.value(item) for _ in range(n)]
        raise ValueError(f"unknown GGUF value type {kind}")


def read(path):
    """(metadata dict, {tensor name: float32 numpy array in PyTorch's [out, in] order})."""
    with open(path, "rb") as f:
        data = f.read()
    r = Reader(data)
    if data[:4] != b"GGUF":
        raise ValueError(f"{path}: not a GGUF file")
    r.pos = 4
    version, n_tensors, n_kv = r.unpack("<I"), r.unpack("<Q"), r.unpack("<Q")
    if version != 3:
        raise ValueError(f"{path}: GGUF version {version}")
    metadata = {}
    for _ in range(n_kv):
        key = r.string()
        metadata[key] = r.value(r.unpack("<I"))
    infos = []
    for _ in range(n_tensors):
        name = r.string()
        dims = [r.unpack("<Q") for _ in range(r.unpack("<I"))]
        infos.append((name, dims, r.unpack("<I"), r.unpack("<Q")))
    alignment = metadata.get("general.alignment", 32)
    start = (r.pos + alignment - 1) // alignment * alignment
    tensors = {}
    for name, dims, kind, offset in infos:
        n = int(np.prod(dims))
        at = start + offset
        if kind == F32:
            values = np.frombuffer(data, dtype="<f4", count=n, offset=at)
        elif kind == F16:
            values = np.frombuffer(data, dtype="<f2", count=n, offset=at).astype(np.float32)
        elif kind == Q8_0:
            blocks = np.frombuffer(data, dtype=np.uint8, count=n // 32 * 34, offset=at).reshape(-1, 34)
            scales = blocks[:, :2].copy().view("<f2").astype(np.float32)
            quants = blocks[:, 2:].copy().view(np.int8).astype(np.float32)
            values = (quants * scales).reshape(-1)
        else:
            raise ValueError(f"{name}: ggml type {kind} is not supported here")
        tensors[name] = values.reshape(list(reversed(dims))).copy()
    return metadata, tensors
