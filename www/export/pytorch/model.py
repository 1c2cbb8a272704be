# ---------------------------------------------------------------------------
# Everything below is the same in every export (src/export/pytorch/: model.py,
# negatives.py, training.py, cli.py); the constants above are this scene's.
# The maths follows the engine's src/train/*.rs and src/sampler/*.rs line by
# line; p(y) ∝ exp(−β E(y)).
# ---------------------------------------------------------------------------

COND = CONFIG["conditional"]
# Conditional data put x in the first coordinate: samplers, noise and scores move y only.
FREE = torch.tensor([0.0, 1.0]) if COND else torch.ones(2)
X_LO, X_HI, Y_LO, Y_HI = VIEW
ACTIVATIONS = {
    "silu": torch.nn.SiLU,
    "softplus": torch.nn.Softplus,
    "tanh": torch.nn.Tanh,
    "relu": torch.nn.ReLU,
    "elu": torch.nn.ELU,
}


def points(rows):
    """A list of [y1, y2] as an (n, 2) float32 tensor."""
    return torch.tensor(rows, dtype=torch.float32).reshape(-1, 2)


# --- the energy: an MLP R² → R, hidden layers of one activation, a linear output ---


def build_model():
    """nn.Linear stores W[out][in] and b[out]: the engine's layout, layer by layer."""
    layers = []
    for j, (w, b) in enumerate(LAYERS):
        lin = torch.nn.Linear(len(w[0]), len(w))
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(w, dtype=torch.float32))
            lin.bias.copy_(torch.tensor(b, dtype=torch.float32))
        layers.append(lin)
        if j + 1 < len(LAYERS):
            layers.append(ACTIVATIONS[CONFIG["act"]]())
    return torch.nn.Sequential(*layers)


MODEL = build_model()


def energy(y):
    return MODEL(y)[:, 0]


def energy_grad(y):
    """E and ∇_y E at y, detached (what the samplers need)."""
    y = y.detach().requires_grad_(True)
    e = energy(y)
    (g,) = torch.autograd.grad(e.sum(), y)
    return e.detach(), g.detach()


# --- random numbers: torch's generator (the engine's Philox draws are not reproduced) ---


def normal(n):
    return torch.randn(n, 2)


def uniform(n):
    return torch.rand(n)


def uniform_in_view(n, batch):
    """Uniform over the view box (x from the batch for conditional data)."""
    u = torch.rand(n, 2)
    y = torch.stack([X_LO + u[:, 0] * (X_HI - X_LO), Y_LO + u[:, 1] * (Y_HI - Y_LO)], dim=1)
    if COND:
        y[:, 0] = batch[:, 0]
    return y


# --- the data: docs/datasets.md ---


def make_data(n=None, noise=None):
    """A fresh draw of the scene's data set with torch's generator, following
    docs/datasets.md. It is NOT the engine's draw (the engine uses its own Philox
    stream): TRAIN_POINTS above are the engine's exact training points."""
    name = CONFIG["data"]
    if name == "points":
        return TRAIN.clone()
    if n is None:
        n = CONFIG["n"] if CONFIG["n"] != "auto" else (24 if name == "ellipse" else 1000)
    if noise is None:
        noise = CONFIG["noise"] if CONFIG["noise"] != "auto" else DEFAULT_NOISE[name]
    i = torch.arange(n)
    u, z = torch.rand(n, 2), torch.randn(n, 2)
    odd = (i % 2 == 1).float()
    if name == "spiral":  # θ = 3πt, r = 0.3 + 2.4t
        t = u[:, 0]
        a, r = 3 * math.pi * t, 0.3 + 2.4 * t
        y = torch.stack([r * torch.cos(a), r * torch.sin(a)], 1)
    elif name == "moons":  # two half circles, the second shifted by (1, −0.5), centred, ×1.5
        a = math.pi * u[:, 0]
        m1 = torch.where(odd > 0, 1 - torch.cos(a), torch.cos(a))
        m2 = torch.where(odd > 0, 0.5 - torch.sin(a), torch.sin(a))
        y = 1.5 * torch.stack([m1 - 0.5, m2 - 0.25], 1)
    elif name == "rings":  # radii 1 and 2.2 by parity
        a, r = 2 * math.pi * u[:, 0], 1.0 + 1.2 * odd
        y = torch.stack([r * torch.cos(a), r * torch.sin(a)], 1)
    elif name == "gaussians":  # centres at radius 2, angles kπ/4, k = i mod 8
        a = (i % 8).float() * (math.pi / 4)
        y = torch.stack([2 * torch.cos(a), 2 * torch.sin(a)], 1)
    elif name == "checkerboard":  # the 8 dark squares of a 4×4 board over [−2, 2]²
        k = i % 8
        row = k // 2
        col = 2 * (k % 2) + row % 2
        y = torch.stack([-2 + col + u[:, 0], -2 + row + u[:, 1]], 1)
    elif name == "pinwheel":  # 5 arms, radial σ 0.3, tangential σ = noise, rate 0.25
        f0, f1 = 1 + 0.3 * z[:, 0], noise * z[:, 1]
        a = 2 * math.pi * (i % 5).float() / 5 + 0.25 * torch.exp(f0)
        c, s = torch.cos(a), torch.sin(a)
        return torch.stack([f0 * c + f1 * s, f1 * c - f0 * s], 1)
    elif name == "swissroll":  # t ~ U(1.5π, 4.5π), (t cos t, t sin t)/5
        t = 1.5 * math.pi + 3 * math.pi * u[:, 0]
        y = torch.stack([t * torch.cos(t), t * torch.sin(t)], 1) / 5
    elif name == "ellipse":  # (2 cos θ, 1.5 sin θ)
        a = 2 * math.pi * u[:, 0]
        y = torch.stack([2 * torch.cos(a), 1.5 * torch.sin(a)], 1)
    elif name == "horn":  # the y of the course's horn (x ~ U(0, 1) is not kept)
        x, a = u[:, 0], 2 * math.pi * u[:, 1]
        s = torch.exp(2 * x)
        r1, r2 = (1.5 * x + 2 * (1 - x)) * s, (2 * x + 1.5 * (1 - x)) * s
        y = torch.stack([r1 * torch.cos(a), r2 * torch.sin(a)], 1)
    elif name in ("circle", "parabolas"):  # x across, two branches by parity; noise on y only
        branch = 1 - 2 * odd
        if name == "circle":
            x = 2 * u[:, 0] - 1
            y2 = branch * torch.sqrt(torch.clamp(1 - x * x, min=0))
        else:
            x = 1.5 * (2 * u[:, 0] - 1)
            y2 = branch * (x * x - 1)
        return torch.stack([x, y2 + noise * z[:, 0]], 1)
    else:
        raise ValueError(f"make_data: unknown data set {name}")
    return y + noise * z


DEFAULT_NOISE = {
    "spiral": 0.04, "moons": 0.05, "rings": 0.05, "gaussians": 0.15, "checkerboard": 0.0,
    "pinwheel": 0.05, "swissroll": 0.1, "ellipse": 0.05, "horn": 0.05, "circle": 0.03, "parabolas": 0.03,
}


def split(pts):
    """Held-out fraction `test` goes to the test set (all to train if all would go)."""
    to_test = torch.rand(len(pts)) < CONFIG["test"]
    if bool(to_test.all()):
        to_test[:] = False
    return pts[~to_test], pts[to_test]


TRAIN = points(TRAIN_POINTS)


def spread_indices(n, count):
    """⌊count/n⌋ passes over every index, then count mod n distinct ones (v ≥ 2)."""
    return torch.cat([torch.arange(n)] * (count // n) + [torch.randperm(n)[: count % n]])


def batch_indices(n, b):
    """v=1: each slot draws independently (with replacement); v ≥ 2: without replacement."""
    return torch.randint(n, (b,)) if CONFIG["v"] <= 1 else spread_indices(n, b)
