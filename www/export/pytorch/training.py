# --- the losses (src/train/loss.rs, margin.rs, nce.rs, score.rs) ---


def grid_log_z(batch):
    """Mean log Z_β on the grid's cell centres (per batch x for conditional data)."""
    n, beta = CONFIG["grid"], CONFIG["beta"]
    w, h = (X_HI - X_LO) / n, (Y_HI - Y_LO) / n
    c = torch.arange(n, dtype=torch.float32) + 0.5
    ys = Y_LO + c * h
    if COND:  # the y column at each batch point's x: P(y | x)
        cells = torch.stack([batch[:, 0].repeat_interleave(n), ys.repeat(len(batch))], 1)
        e = energy(cells).reshape(len(batch), n)
        return (torch.logsumexp(-CONFIG["beta"] * e, 1) + math.log(h)).mean()
    xs = X_LO + c * w
    cells = torch.stack([xs.repeat(n), ys.repeat_interleave(n)], 1)
    return torch.logsumexp(-beta * energy(cells), 0) + math.log(w * h)


def loss_of(batch, aux):
    """The scene's loss on a batch, with `aux` the step's random inputs: the
    negatives (ml and the margin losses), the noise points (nce), the noise ε
    (dsm, ssm) and the projections v (ssm). Returns (loss, mean E₊, mean E₋)."""
    kind, beta = CONFIG["loss"], CONFIG["beta"]
    ep = energy(batch)
    if kind == "ml":  # mean E₊ − mean E₋ + α (mean E₊² + mean E₋²)
        en = energy(aux["neg"].detach())
        loss = ep.mean() - en.mean() + CONFIG["l2"] * ((ep * ep).mean() + (en * en).mean())
        return loss, ep.mean(), en.mean()
    if kind == "exact":  # −log p = βE + log Z, Z on the grid
        loss = beta * ep.mean() + grid_log_z(batch)
        return loss, ep.mean(), torch.tensor(float("nan"))
    if kind in ("square_square", "hinge", "log"):  # batch point i with negative i
        en, m = energy(aux["neg"].detach()), CONFIG["margin"]
        if kind == "square_square":
            loss = ep * ep + torch.relu(m - en) ** 2
        elif kind == "hinge":
            loss = torch.relu(m + ep - en)
        else:
            loss = torch.nn.functional.softplus(ep - en)
        return loss.mean(), ep.mean(), en.mean()
    if kind == "nce":  # logistic regression on G = −βE − ln q, one noise point per data point
        noise = aux["neg"].detach()
        en = energy(noise)
        g_pos = -beta * ep - log_noise(NCE_NOISE, batch)
        g_neg = -beta * en - log_noise(NCE_NOISE, noise)
        sp = torch.nn.functional.softplus
        return sp(-g_pos).mean() + sp(g_neg).mean(), ep.mean(), en.mean()
    if kind in ("dsm", "ssm"):  # on ỹ = y + σε, the model's score s = −β∇_y E
        eps = aux["eps"] * FREE
        noisy = (batch + CONFIG["score_sigma"] * eps).detach().requires_grad_(True)
        en = energy(noisy)
        (g,) = torch.autograd.grad(en.sum(), noisy, create_graph=True)
        if kind == "dsm":  # ½‖s(ỹ) + ε/σ‖²
            r = (-beta * g + eps / CONFIG["score_sigma"]) * FREE
            loss = 0.5 * (r * r).sum(1)
        else:  # −β vᵀ∇²E v + ½ β² (vᵀ∇E)²
            v = aux["proj"] * FREE
            d1 = (g * v).sum(1)
            (h,) = torch.autograd.grad(d1.sum(), noisy, create_graph=True)
            loss = -beta * (h * v).sum(1) + 0.5 * beta * beta * d1 * d1
        return loss.mean(), ep.mean(), en.mean()
    raise ValueError(f"unknown loss {kind}")


def step_inputs(batch, data):
    """The random inputs of one step's loss, and the replay slots to write back."""
    kind = CONFIG["loss"]
    if kind in ("ml", "square_square", "hinge", "log"):
        neg, slots = negatives(batch, data)
        return {"neg": neg}, slots
    if kind == "nce":
        return {"neg": noise_sample(NCE_NOISE, batch)}, None
    if kind == "dsm":
        return {"eps": normal(len(batch))}, None
    if kind == "ssm":
        return {"eps": normal(len(batch)), "proj": normal(len(batch))}, None
    return {}, None


# --- the optimiser, with the engine's state (src/optim/mod.rs) ---


def build_optimiser():
    params = list(MODEL.parameters())
    lr, name = CONFIG["lr"], CONFIG["opt"]
    if name == "adam":
        opt = torch.optim.Adam(params, lr=lr, betas=(CONFIG["beta1"], CONFIG["beta2"]), eps=1e-8)
    elif name == "momentum":  # m ← μm + g; θ ← θ − lr·m (torch's SGD without dampening)
        opt = torch.optim.SGD(params, lr=lr, momentum=CONFIG["momentum"])
    else:
        opt = torch.optim.SGD(params, lr=lr)
    if OPT_STATE["t"] > 0 and name != "sgd":
        for p, (m, v) in zip(params, zip(OPT_STATE["m"], OPT_STATE["v"])):
            m = torch.tensor(m, dtype=torch.float32).reshape(p.shape)
            if name == "adam":
                v = torch.tensor(v, dtype=torch.float32).reshape(p.shape)
                opt.state[p] = {"step": torch.tensor(float(OPT_STATE["t"])), "exp_avg": m, "exp_avg_sq": v}
            else:
                opt.state[p] = {"momentum_buffer": m}
    return opt


OPTIMISER = build_optimiser()
STEP = [ENGINE_STEP]  # steps taken, the engine's first


def fill_grads():
    """A parameter the loss does not reach (the output bias under score matching)
    gets a zero gradient, as in the engine: Adam still moves it by its moments."""
    for p in MODEL.parameters():
        if p.grad is None:
            p.grad = torch.zeros_like(p)


def clip_grad_norm(max_norm):
    """Scales the gradient so its L2 norm is at most max_norm (0 = off); returns the norm before."""
    grads = [p.grad for p in MODEL.parameters()]
    norm = torch.sqrt(sum((g * g).sum() for g in grads))
    if max_norm > 0 and norm > max_norm:
        for g in grads:
            g.mul_(max_norm / norm)
    return norm


def snapshot():
    """Parameters and optimiser state, to undo a step that diverged."""
    params = [p.detach().clone() for p in MODEL.parameters()]
    state = {p: {k: v.clone() for k, v in s.items()} for p, s in OPTIMISER.state.items()}
    return params, state


def restore(saved):
    params, state = saved
    with torch.no_grad():
        for p, q in zip(MODEL.parameters(), params):
            p.copy_(q)
    OPTIMISER.state.clear()
    OPTIMISER.state.update(state)


def train(steps, data=None):
    """Trains on for `steps` steps (on the engine's training points unless `data`
    is given); returns the losses. A step whose loss, gradient or parameters are
    not finite is undone and raises, as on the page."""
    data = TRAIN if data is None else data
    losses = []
    for _ in range(steps):
        batch = data[batch_indices(len(data), CONFIG["batch"])]
        aux, slots = step_inputs(batch, data)
        saved = snapshot()
        OPTIMISER.zero_grad()
        loss = loss_of(batch, aux)[0]
        loss.backward()
        fill_grads()
        norm = float(clip_grad_norm(CONFIG["clip"]))
        OPTIMISER.step()
        finite = all(bool(torch.isfinite(p).all()) for p in MODEL.parameters())
        loss = float(loss.detach())
        if not (math.isfinite(loss) and math.isfinite(norm) and finite):
            restore(saved)
            raise FloatingPointError(
                f"training diverged at step {STEP[0] + 1} (loss {loss}, gradient norm {norm}): "
                "rolled back; try a smaller lr or eps, or a larger l2")
        if slots is not None:
            BUFFER_T[slots] = aux["neg"]
        STEP[0] += 1
        losses.append(loss)
    return losses
