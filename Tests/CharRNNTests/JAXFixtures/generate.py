"""Writes the JAX fixtures that `JAXInitFixtureTests` compares `--init jax` and
`--init jax-legacy` against.

Run with JAX and Flax installed (not needed to build or test charrnn):

    python3 -m venv /tmp/jax-venv && /tmp/jax-venv/bin/pip install jax flax
    /tmp/jax-venv/bin/python Tests/CharRNNTests/JAXFixtures/generate.py

Each model's tensors are drawn as charrnn lays them out (`ModelConfig.layout`):
per layer and gate W_x<g> (in, H), W_h<g> (H, H), b_<g> (H), then W_hq (H, V),
b_q (V), every tensor taking the next key of `nnx.Rngs(seed).params()`, weights
from `nnx.initializers.he_normal()`, biases zero. `partitionable` is the value of
`jax_threefry_partitionable` (True is JAX's default since 0.5; False is the
original layout, charrnn's `jax-legacy`). Floats are stored as their float32 bit
patterns.
"""
import json
import pathlib

import flax
import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

GATES = {"rnn": ["h"], "gru": ["z", "r", "h"], "lstm": ["i", "f", "o", "c"]}


def layout(vocab, hidden, cell, layers):
    specs = []
    for layer in range(layers):
        prefix = "" if layer == 0 else f"l{layer}."
        for g in GATES[cell]:
            specs.append((f"{prefix}W_x{g}", (vocab if layer == 0 else hidden, hidden)))
            specs.append((f"{prefix}W_h{g}", (hidden, hidden)))
            specs.append((f"{prefix}b_{g}", (hidden,)))
    specs += [("W_hq", (hidden, vocab)), ("b_q", (vocab,))]
    return specs


def bits(x):
    return np.asarray(x, np.float32).view(np.uint32).ravel().tolist()


def draw(seed, vocab, hidden, cell, layers):
    rngs = nnx.Rngs(seed)
    init = nnx.initializers.he_normal()
    out = {}
    for name, shape in layout(vocab, hidden, cell, layers):
        key = rngs.params()
        value = jnp.zeros(shape, jnp.float32) if len(shape) == 1 else init(key, shape, jnp.float32)
        out[name] = {"shape": list(shape), "bits": bits(value)}
    return out


def d2l_scratch_states():
    """d2l's RNNScratch(num_inputs=2, num_hiddens=3, rngs=nnx.Rngs(0)) on ones of
    shape (2 steps, batch 2, 2 inputs): the states the book prints."""
    rngs = nnx.Rngs(0)
    init = nnx.initializers.he_normal()
    w_xh = init(rngs.params(), (2, 3), jnp.float32)
    w_hh = init(rngs.params(), (3, 3), jnp.float32)
    b_h = jnp.zeros((3,), jnp.float32)
    rngs.params()
    h = jnp.zeros((2, 3), jnp.float32)
    states = []
    for x in jnp.ones((2, 2, 2), jnp.float32):
        h = jnp.tanh(x @ w_xh + h @ w_hh + b_h)
        states.append(np.asarray(h).tolist())
    return states


MODELS = [
    dict(seed=0, vocab=28, hidden=32, cell="rnn", layers=1),
    dict(seed=42, vocab=5, hidden=4, cell="lstm", layers=2),
    dict(seed=3, vocab=6, hidden=5, cell="gru", layers=1),
]


def main():
    cases = []
    for partitionable in (True, False):
        jax.config.update("jax_threefry_partitionable", partitionable)
        for m in MODELS:
            cases.append(dict(m, partitionable=partitionable, tensors=draw(**m)))
        cases.append(dict(name="d2l_rnn_scratch", partitionable=partitionable, states=d2l_scratch_states()))
    fixture = {
        "jax": jax.__version__, "jaxlib": jax.lib.__version__, "flax": flax.__version__,
        "backend": jax.default_backend(), "cases": cases,
    }
    path = pathlib.Path(__file__).with_name("jax-init.json")
    path.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
