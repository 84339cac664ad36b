"""PyTorch reference for `npm run bench`: the same training step, ranking and filtered
evaluation as the kge measurements, so both run on the same machine in the same session.

Run with Debian's /usr/bin/python3 (python3-torch). Prints `BENCH_RESULT {json}` last.
"""
import argparse
import gzip
import json
import os
import random
import resource
import statistics
import time

import torch

DIM = 128
BATCH = 1024


def read_triples(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [tuple(line.rstrip("\n").split("\t")) for line in f if line.strip()]


def find(dirname, split):
    for name in (f"{split}.txt", f"{split}.txt.gz"):
        p = os.path.join(dirname, name)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(f"{split} split not found in {dirname}")


def load(dirname):
    """Ids from the training split (sorted labels); valid/test triples with unseen labels dropped."""
    train = list(dict.fromkeys(read_triples(find(dirname, "train"))))
    ents = sorted({h for h, _, _ in train} | {t for _, _, t in train})
    rels = sorted({r for _, r, _ in train})
    e2i = {e: i for i, e in enumerate(ents)}
    r2i = {r: i for i, r in enumerate(rels)}

    def mapped(rows):
        keep = [(e2i[h], r2i[r], e2i[t]) for h, r, t in rows if h in e2i and t in e2i and r in r2i]
        return torch.tensor(keep, dtype=torch.long)

    return mapped(train), mapped(read_triples(find(dirname, "valid"))), mapped(read_triples(find(dirname, "test"))), len(ents), len(rels)


class Model(torch.nn.Module):
    def __init__(self, kind, num_entities, num_relations, sparse):
        super().__init__()
        self.kind = kind
        self.ent = torch.nn.Embedding(num_entities, DIM, sparse=sparse)
        self.rel = torch.nn.Embedding(num_relations, DIM, sparse=sparse)
        torch.nn.init.xavier_uniform_(self.ent.weight)
        torch.nn.init.xavier_uniform_(self.rel.weight)
        with torch.no_grad():
            self.ent.weight.div_(self.ent.weight.norm(dim=1, keepdim=True))
            self.rel.weight.div_(self.rel.weight.norm(dim=1, keepdim=True))

    def score(self, triples):
        h = self.ent(triples[:, 0])
        r = self.rel(triples[:, 1])
        t = self.ent(triples[:, 2])
        if self.kind == "TransE":
            return -(h + r - t).abs().sum(-1)
        return (h * r * t).sum(-1)

    def query_vectors(self, a, b, side):
        """Tail queries (h, r): q with score(e) = f(q, e); head queries (r, t) likewise."""
        if side == "tail":
            h, r = self.ent.weight[a], self.rel.weight[b]
            return h + r if self.kind == "TransE" else h * r
        r, t = self.rel.weight[a], self.ent.weight[b]
        return t - r if self.kind == "TransE" else r * t

    def score_all(self, q):
        e = self.ent.weight
        if self.kind == "TransE":
            return -torch.cdist(q, e, p=1)
        return q @ e.t()


def corrupt(pos, num_entities, gen):
    neg = pos.clone()
    n = pos.shape[0]
    heads = torch.rand(n, generator=gen) < 0.5
    rnd = torch.randint(num_entities, (n,), generator=gen)
    neg[heads, 0] = rnd[heads]
    neg[~heads, 2] = rnd[~heads]
    return neg


def train_steps(kind, train, num_entities, num_relations, steps, sparse, warmup=0):
    """Times full steps: sample, score, margin ranking loss, backward, Adam, unit-norm entities."""
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    model = Model(kind, num_entities, num_relations, sparse)
    opt = torch.optim.SparseAdam(model.parameters(), lr=1e-3) if sparse else torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(train.shape[0], generator=gen)
    times = []
    for s in range(warmup + steps):
        idx = order[(torch.arange(BATCH) + s * BATCH) % train.shape[0]]
        pos = train[idx]
        t0 = time.perf_counter()
        neg = corrupt(pos, num_entities, gen)
        loss = torch.relu(model.score(neg) - model.score(pos) + 1.0).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            w = model.ent.weight
            if sparse:
                rows = torch.unique(torch.cat([pos[:, 0], pos[:, 2], neg[:, 0], neg[:, 2]]))
                w[rows] = torch.nn.functional.normalize(w[rows], dim=1)
            else:
                # Dense Adam moves every row, so every row is renormalized (as PyKEEN does).
                w.copy_(torch.nn.functional.normalize(w, dim=1))
        if s >= warmup:
            times.append(time.perf_counter() - t0)
    return model, times


def filter_index(sets):
    tails, heads = {}, {}
    for s in sets:
        for h, r, t in s.tolist():
            tails.setdefault((h, r), []).append(t)
            heads.setdefault((r, t), []).append(h)
    to_t = lambda d: {k: torch.tensor(v, dtype=torch.long) for k, v in d.items()}
    return to_t(tails), to_t(heads)


@torch.no_grad()
def evaluate(model, triples, index, batch=256):
    """Filtered realistic ranks, both sides; returns (seconds, mrr, hits@10)."""
    tails, heads = index
    t0 = time.perf_counter()
    ranks = []
    for side in ("head", "tail"):
        for start in range(0, triples.shape[0], batch):
            b = triples[start:start + batch]
            if side == "tail":
                q = model.query_vectors(b[:, 0], b[:, 1], "tail")
                true_ids = b[:, 2]
            else:
                q = model.query_vectors(b[:, 1], b[:, 2], "head")
                true_ids = b[:, 0]
            scores = model.score_all(q)
            true_scores = scores[torch.arange(b.shape[0]), true_ids].clone()
            for i, (h, r, t) in enumerate(b.tolist()):
                known = tails[(h, r)] if side == "tail" else heads[(r, t)]
                scores[i, known] = float("-inf")
            scores[torch.arange(b.shape[0]), true_ids] = true_scores
            greater = (scores > true_scores[:, None]).sum(1)
            equal = (scores == true_scores[:, None]).sum(1) - 1
            ranks.append(1 + greater + 0.5 * equal)
    seconds = time.perf_counter() - t0
    r = torch.cat(ranks).double()
    return seconds, (1 / r).mean().item(), (r <= 10).double().mean().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--step-steps", type=int, default=50)
    ap.add_argument("--train-steps", type=int, default=200)
    ap.add_argument("--eval-triples", type=int, default=2000, help="0 = all test triples")
    ap.add_argument("--rank-queries", type=int, default=256)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(0)

    train, valid, test, ne, nr = load(args.data)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "numEntities": ne, "numTrain": train.shape[0]}

    steps = {}
    for kind in ("TransE", "DistMult"):
        for sparse in (False, True):
            _, times = train_steps(kind, train, ne, nr, args.step_steps, sparse, warmup=3)
            steps[f"{kind}/{'sparse' if sparse else 'dense'}"] = 1000 * statistics.median(times)
    out["msPerStep"] = steps

    t0 = time.perf_counter()
    model, times = train_steps("TransE", train, ne, nr, args.train_steps, sparse=False)
    seconds = time.perf_counter() - t0
    out["train"] = {"steps": args.train_steps, "seconds": seconds, "triplesPerSecond": args.train_steps * BATCH / seconds}
    out["trainPeakRssMiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    n = test.shape[0] if args.eval_triples == 0 else min(args.eval_triples, test.shape[0])
    t0 = time.perf_counter()
    index = filter_index([train, valid, test])
    out["filterIndexSeconds"] = time.perf_counter() - t0
    evals = {}
    for kind in ("TransE", "DistMult"):
        m = model if kind == "TransE" else Model("DistMult", ne, nr, False)
        sec, mrr, h10 = evaluate(m, test[:n], index)
        evals[kind] = {"seconds": sec, "queries": 2 * n, "queriesPerSecond": 2 * n / sec, "mrr": mrr, "hits10": h10}
    out["eval"] = evals
    out["evalTriples"] = n

    rank = {}
    q_ids = test[: args.rank_queries]
    for kind in ("TransE", "DistMult"):
        m = model if kind == "TransE" else Model("DistMult", ne, nr, False)
        with torch.no_grad():
            q = m.query_vectors(q_ids[:, 0], q_ids[:, 1], "tail")
            m.score_all(q)
            ts = []
            for _ in range(5):
                t0 = time.perf_counter()
                m.score_all(q)
                ts.append(time.perf_counter() - t0)
        rank[kind] = 1000 * statistics.median(ts)
    out["rankMs"] = rank
    out["peakRssMiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("BENCH_RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
