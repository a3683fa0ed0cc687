"""An outside client of charrnn's files: the official `safetensors` package and
NumPy, driven by `PythonInteropTests`. Each command prints one JSON object.

    interop.py resave IN OUT                re-save with safetensors.numpy.save_file (+1 metadata key)
    interop.py torch-dicts DIR              write nn.RNN/nn.LSTM/nn.GRU state dicts; greedy text by NumPy
    interop.py torch-decode FILE PREFIX N   load charrnn's --to torch export by PyTorch's names; greedy text
    interop.py dtypes IN DIR                IN's tensors as F16 and as F64 files
"""
import json
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

VOCAB = [" ", "<unk>"] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def torch_greedy(sd, prefix, count, cell, layers, rnn="rnn.", head="linear.", vocab=VOCAB):
    """Greedy decoding with PyTorch's equations for nn.RNN (tanh), nn.LSTM (gates
    i, f, g, o) and nn.GRU (gates r, z, n; r applied to W_hn h + b_hn), in float64."""
    f = {k: v.astype(np.float64) for k, v in sd.items()}
    H = f[f"{rnn}weight_hh_l0"].shape[1]
    h = [np.zeros(H) for _ in range(layers)]
    c = [np.zeros(H) for _ in range(layers)]

    def step(token):
        x = np.zeros(len(vocab))
        x[token] = 1
        for k in range(layers):
            wi, wh = f[f"{rnn}weight_ih_l{k}"], f[f"{rnn}weight_hh_l{k}"]
            bi, bh = f[f"{rnn}bias_ih_l{k}"], f[f"{rnn}bias_hh_l{k}"]
            gi, gh = wi @ x + bi, wh @ h[k] + bh
            if cell == "rnn":
                h[k] = np.tanh(gi + gh)
            elif cell == "lstm":
                i, fg, g, o = np.split(gi + gh, 4)
                c[k] = sigmoid(fg) * c[k] + sigmoid(i) * np.tanh(g)
                h[k] = sigmoid(o) * np.tanh(c[k])
            else:
                ir, iz, inn = np.split(gi, 3)
                hr, hz, hn = np.split(gh, 3)
                r, z = sigmoid(ir + hr), sigmoid(iz + hz)
                n = np.tanh(inn + r * hn)
                h[k] = (1 - z) * n + z * h[k]
            x = h[k]
        return f[f"{head}weight"] @ h[-1] + f[f"{head}bias"]

    for ch in prefix:
        logits = step(vocab.index(ch))
    out = prefix
    for _ in range(count):
        token = int(np.argmax(logits))
        out += vocab[token]
        logits = step(token)
    return out


def resave(src, dst):
    tensors = load_file(src)
    with safe_open(src, framework="np") as f:
        metadata = f.metadata()
    metadata["source"] = "re-saved by safetensors.numpy"
    save_file(tensors, dst, metadata=metadata)
    with safe_open(dst, framework="np") as f:
        order = list(f.keys())
    return {"keys": order, "metadata_keys": sorted(metadata)}


def torch_dicts(folder):
    rng = np.random.default_rng(2024)
    V = len(VOCAB)
    models = [
        # (file, nn module, H, layers, prefix of the recurrent module, prefix of the head, with vocab metadata)
        ("rnn.safetensors", "rnn", 24, 1, "model.rnn.", "model.fc.", True),
        ("lstm.safetensors", "lstm", 16, 2, "encoder.lstm.", "decoder.", False),
        ("gru.safetensors", "gru", 20, 1, "gru.", "out.", True),
    ]
    out = {}
    for name, cell, H, layers, rnn, head, with_vocab in models:
        G = GATES[cell]
        sd = {}
        for k in range(layers):
            n = V if k == 0 else H
            sd[f"{rnn}weight_ih_l{k}"] = rng.normal(0, 1.2, (G * H, n)).astype(np.float32)
            sd[f"{rnn}weight_hh_l{k}"] = rng.normal(0, 2.0 / np.sqrt(H), (G * H, H)).astype(np.float32)
            sd[f"{rnn}bias_ih_l{k}"] = rng.normal(0, 0.3, G * H).astype(np.float32)
            sd[f"{rnn}bias_hh_l{k}"] = rng.normal(0, 0.3, G * H).astype(np.float32)
        sd[f"{head}weight"] = rng.normal(0, 2.5 / np.sqrt(H), (V, H)).astype(np.float32)
        sd[f"{head}bias"] = rng.normal(0, 0.3, V).astype(np.float32)
        meta = {"format": "pt"}
        if with_vocab:
            meta["vocab"] = json.dumps(VOCAB)
        save_file(sd, f"{folder}/{name}", metadata=meta)
        out[name] = torch_greedy(sd, "time traveller", 100, cell, layers, rnn, head)
    with open(f"{folder}/vocab.json", "w") as fh:
        json.dump(VOCAB, fh)
    return out


def torch_decode(path, prefix, count):
    sd = load_file(path)
    with safe_open(path, framework="np") as f:
        metadata = f.metadata()
    vocab = json.loads(metadata["vocab"])
    layers = sum(1 for k in sd if k.startswith("rnn.weight_ih_l"))
    G = sd["rnn.weight_hh_l0"].shape[0] // sd["rnn.weight_hh_l0"].shape[1]
    cell = {1: "rnn", 3: "gru", 4: "lstm"}[G]
    H, V = sd["rnn.weight_hh_l0"].shape[1], len(vocab)
    # What nn.RNN/nn.LSTM/nn.GRU(V, H, num_layers) and nn.Linear(H, V) hold, by name
    # and shape: load_state_dict(strict=True) needs exactly these.
    expected = {"linear.weight": (V, H), "linear.bias": (V,)}
    for k in range(layers):
        n = V if k == 0 else H
        expected.update({f"rnn.weight_ih_l{k}": (G * H, n), f"rnn.weight_hh_l{k}": (G * H, H),
                         f"rnn.bias_ih_l{k}": (G * H,), f"rnn.bias_hh_l{k}": (G * H,)})
    strict = {k: tuple(v.shape) for k, v in sd.items()} == expected
    return {"strict": strict, "format": metadata.get("format"), "cell": cell, "layers": layers,
            "text": torch_greedy(sd, prefix, int(count), cell, layers, vocab=vocab)}


def dtypes(src, folder):
    tensors = load_file(src)
    with safe_open(src, framework="np") as f:
        vocab = f.metadata()["charrnn.vocab"]
    out = {}
    for dtype in ("float16", "float64"):
        path = f"{folder}/{dtype}.safetensors"
        save_file({k: v.astype(dtype) for k, v in tensors.items()}, path, metadata={"vocab": vocab})
        out[dtype] = path
    return out


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    result = {"resave": resave, "torch-dicts": torch_dicts, "torch-decode": torch_decode, "dtypes": dtypes}[command](*args)
    print(json.dumps(result))
