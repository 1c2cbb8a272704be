# --- samplers at inverse temperature β (src/sampler/*.rs) ---

MAX_MOVE = 0.6  # descent negatives move at most this far per step (src/sampler/descent.rs)


def langevin(y, e, g):
    """y ← y − ε∇E + sd·ξ, sd = √(2ε/β) (Langevin) or σ = sgld_noise (SGLD)."""
    eps = CONFIG["eps"]
    sd = CONFIG["sgld_noise"] if CONFIG["sampler"] == "sgld" else math.sqrt(2 * eps / CONFIG["beta"])
    y = y - eps * g * FREE + sd * normal(len(y)) * FREE
    return (y, *energy_grad(y))


def metropolis(y, e, g, prop, ep, gp, log_alpha):
    """Accept each proposal with probability min(1, e^log α) (NaN: rejected)."""
    accept = torch.log(uniform(len(y))) < log_alpha
    a = accept[:, None]
    return torch.where(a, prop, y), torch.where(accept, ep, e), torch.where(a, gp, g)


def mala(y, e, g):
    """A Langevin proposal with the Metropolis–Hastings correction."""
    eps, beta = CONFIG["eps"], CONFIG["beta"]
    prop = y - eps * g * FREE + math.sqrt(2 * eps / beta) * normal(len(y)) * FREE
    ep, gp = energy_grad(prop)
    fwd = (((prop - y + eps * g) * FREE) ** 2).sum(1)
    rev = (((y - prop + eps * gp) * FREE) ** 2).sum(1)
    log_alpha = -beta * (ep - e) - (rev - fwd) * (beta / (4 * eps))
    return metropolis(y, e, g, prop, ep, gp, log_alpha)


def hmc(y, e, g):
    """Momentum p ~ N(0, I), H = βE + ½‖p‖², `leapfrog` steps of size ε with force −β∇E."""
    eps, beta, steps = CONFIG["eps"], CONFIG["beta"], max(CONFIG["leapfrog"], 1)
    p0 = normal(len(y)) * FREE
    p = p0 - 0.5 * eps * beta * g * FREE
    q = y + eps * p
    for step in range(1, steps + 1):
        eq, gq = energy_grad(q)
        last = step == steps
        p = p - (0.5 if last else 1.0) * eps * beta * gq * FREE
        if not last:
            q = q + eps * p
    delta_h = beta * (eq - e) + 0.5 * ((p * p).sum(1) - (p0 * p0).sum(1))
    return metropolis(y, e, g, q, eq, gq, -delta_h)


def rwmh(y, e, g):
    """Random-walk Metropolis: y' = y + ε·ξ, log α = −β(E(y') − E(y))."""
    prop = y + CONFIG["eps"] * normal(len(y)) * FREE
    ep, gp = energy_grad(prop)
    return metropolis(y, e, g, prop, ep, gp, -CONFIG["beta"] * (ep - e))


SAMPLERS = {"langevin": langevin, "sgld": langevin, "mala": mala, "hmc": hmc, "rwmh": rwmh}


def sample(y, steps):
    """`steps` steps of the scene's sampler from y."""
    step = SAMPLERS[CONFIG["sampler"]]
    e, g = energy_grad(y)
    for _ in range(steps):
        y, e, g = step(y, e, g)
    return y.detach()


def descend(y, steps):
    """`steps` steps of y ← y − ε∇E, each move at most MAX_MOVE long (a point
    whose step is not finite stays)."""
    for _ in range(steps):
        d = CONFIG["eps"] * energy_grad(y)[1] * FREE
        length = torch.sqrt((d * d).sum(1))
        scale = torch.where(length > MAX_MOVE, MAX_MOVE / length, torch.ones_like(length))
        ok = torch.isfinite(d).all(1)[:, None]
        y = torch.where(ok, y - scale[:, None] * d, y)
    return y.detach()


# --- negatives (src/train/negatives.rs) ---

BUFFER_T = points(BUFFER) if BUFFER else None


def fill_buffer(data):
    """The persistent chains' replay buffer on first use: uniform over the view."""
    global BUFFER_T
    n = CONFIG["buffer"]
    if BUFFER_T is None or len(BUFFER_T) != n:
        BUFFER_T = uniform_in_view(n, data[torch.arange(n) % len(data)])


def replay_slots(b):
    n = len(BUFFER_T)
    if CONFIG["v"] <= 1:
        return (int(torch.randint(n, ())) + torch.arange(b)) % n
    return spread_indices(n, b)


def negatives(batch, data):
    """(negatives, replay slots to write back or None) for one step."""
    kind, b, k = CONFIG["neg"], len(batch), CONFIG["k"]
    slots = None
    if kind == "short_run":
        start = uniform_in_view(b, batch)
    elif kind in ("cd", "descent"):
        start = batch.clone()
    elif kind in ("corrupt", "kick"):
        start = batch + CONFIG["kick"] * normal(b) * FREE
    elif kind == "pcd":
        fill_buffer(data)
        slots = replay_slots(b)
        start = BUFFER_T[slots].clone()
        fresh = torch.rand(b) < CONFIG["reinit"]
        start[fresh] = uniform_in_view(b, batch)[fresh]
    else:
        raise ValueError(f"unknown negatives {kind}")
    if kind == "corrupt":
        return start, slots
    if kind in ("descent", "kick"):
        return descend(start, k), slots
    return sample(start, k), slots


# --- NCE's noise: the Gaussian fitted to the training data (src/train/gaussian_noise.rs) ---


def fit_noise(pts):
    """Mean and Cholesky factor [L11, L21, L22] of the data's covariance (÷ n) plus a ridge."""
    p = pts.double()
    m = p.mean(0)
    d = p - m
    s11, s12, s22 = [float(v) / len(p) for v in ((d[:, 0] ** 2).sum(), (d[:, 0] * d[:, 1]).sum(), (d[:, 1] ** 2).sum())]
    ridge = max(1e-4 * (s11 + s22) / 2, 1e-6)
    l11 = math.sqrt(s11 + ridge)
    l21 = s12 / l11
    return [float(m[0]), float(m[1])], [l11, l21, math.sqrt(s22 + ridge - l21 * l21)]


def noise_sample(q, batch):
    (m1, m2), (l11, l21, l22) = q
    z = normal(len(batch))
    if COND:  # y given the batch's x
        z1 = (batch[:, 0] - m1) / l11
        return torch.stack([batch[:, 0], m2 + l21 * z1 + l22 * z[:, 0]], 1)
    return torch.stack([m1 + l11 * z[:, 0], m2 + l21 * z[:, 0] + l22 * z[:, 1]], 1)


def log_noise(q, y):
    """ln q(y), or ln q(y | x) for conditional data."""
    (m1, m2), (l11, l21, l22) = q
    z1 = (y[:, 0] - m1) / l11
    z2 = (y[:, 1] - m2 - l21 * z1) / l22
    if COND:
        return -0.5 * math.log(2 * math.pi) - math.log(l22) - 0.5 * z2 * z2
    return -math.log(2 * math.pi) - math.log(l11) - math.log(l22) - 0.5 * (z1 * z1 + z2 * z2)


NCE_NOISE = fit_noise(TRAIN)
