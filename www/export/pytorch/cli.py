# --- the command line ---


def energies_at(pts):
    with torch.no_grad():
        return [float(e) for e in energy(pts)]


def read_points(path):
    """y1,y2 per line (commas, semicolons or spaces); lines that are not two numbers are skipped."""
    text = sys.stdin.read() if path == "-" else open(path).read()
    rows = []
    for line in text.splitlines():
        parts = line.replace(",", " ").replace(";", " ").split()
        try:
            rows.append([float(parts[0]), float(parts[1])])
        except (ValueError, IndexError):
            continue
    return points(rows)


def read_tagged(path):
    """Lines 'tag a b …' grouped by tag: the inputs of --loss-check and --sampler-check."""
    tags = {}
    for line in open(path).read().splitlines():
        parts = line.split()
        if parts:
            tags.setdefault(parts[0], []).append([float(v) for v in parts[1:]])
    return tags


def loss_check(path):
    """The loss and its gradient (engine layout: W then b, layer by layer) at given
    inputs: lines 'batch y1 y2', 'neg y1 y2', 'eps e1 e2', 'proj v1 v2'."""
    tags = read_tagged(path)
    aux = {k: points(tags[k]) for k in ("neg", "eps", "proj") if k in tags}
    MODEL.zero_grad()
    loss = loss_of(points(tags["batch"]), aux)[0]
    loss.backward()
    fill_grads()
    print("loss", repr(float(loss.detach())))
    for p in MODEL.parameters():
        for g in p.grad.reshape(-1):
            print("grad", repr(float(g)))


def sampler_check(path):
    """Runs the scene's negatives from given starts with given noise: lines
    'start y1 y2', 'normal z1 z2' (n per sampler step, in order), 'uniform u'."""
    global normal, uniform
    tags = read_tagged(path)
    normals, uniforms = points(tags.get("normal", [])), torch.tensor([u[0] for u in tags.get("uniform", [])])
    at = [0, 0]

    def fed_normal(n):
        at[0] += n
        return normals[at[0] - n: at[0]]

    def fed_uniform(n):
        at[1] += n
        return uniforms[at[1] - n: at[1]]

    drawn = normal, uniform
    normal, uniform = fed_normal, fed_uniform
    start, k, kind = points(tags["start"]), CONFIG["k"], CONFIG["neg"]
    try:
        if kind == "corrupt":
            ys = start
        else:
            ys = descend(start, k) if kind in ("descent", "kick") else sample(start, k)
    finally:
        normal, uniform = drawn
    for y in ys:
        print("chain", repr(float(y[0])), repr(float(y[1])))


def main(argv=None):
    global NCE_NOISE
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--energies", metavar="FILE", help="print E at each point of FILE ('y1,y2' lines; - = stdin)")
    ap.add_argument("--at", action="append", default=[], metavar="Y1,Y2", help="print E at this point (repeatable)")
    ap.add_argument("--train", type=int, default=0, metavar="STEPS", help="train on for STEPS steps first")
    ap.add_argument("--fresh-data", action="store_true", help="train on a fresh draw of make_data() instead")
    ap.add_argument("--seed", type=int, default=CONFIG["seed"], help="torch's seed")
    ap.add_argument("--check", action="store_true", help="exit 1 unless the energies match the page's to 1e-5")
    ap.add_argument("--loss-check", metavar="FILE", help=argparse.SUPPRESS)
    ap.add_argument("--sampler-check", metavar="FILE", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)
    if args.loss_check:
        loss_check(args.loss_check)
    if args.sampler_check:
        sampler_check(args.sampler_check)
    if args.train:
        data = TRAIN
        if args.fresh_data and CONFIG["data"] != "points":  # user points have no generator
            data = split(make_data())[0]
            NCE_NOISE = fit_noise(data)  # the engine fits NCE's noise to the data it trains on
        for s, loss in enumerate(train(args.train, data)):
            print("step", ENGINE_STEP + s + 1, "loss", repr(loss))
    if args.energies or args.at:
        given = [[float(v) for v in a.split(",")] for a in args.at]
        pts = torch.cat([read_points(args.energies) if args.energies else points([]), points(given)])
        for e in energies_at(pts):
            print(repr(e))
        return 0
    if args.loss_check or args.sampler_check:
        return 0
    got = energies_at(points([c[:2] for c in CHECK]))
    worst = 0.0
    print(f"{'y1':>8} {'y2':>8} {'E (torch)':>14} {'E (page, step ' + str(ENGINE_STEP) + ')':>22}")
    for (y1, y2, page), e in zip(CHECK, got):
        worst = max(worst, abs(e - page) / max(abs(page), 1.0))
        print(f"{y1:8.3f} {y2:8.3f} {e:14.7g} {page:22.7g}")
    if args.train:
        print(f"(trained {args.train} more steps here: the page's column is the export's state)")
        return 0
    print(f"largest difference, relative to max(|E|, 1): {worst:.2e}")
    return 1 if args.check and not worst <= 1e-5 else 0


if __name__ == "__main__":
    sys.exit(main())
