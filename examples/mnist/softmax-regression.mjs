// Softmax regression (784 → 10) written by hand with stochasm's kernels: a Trainer for fit() that proves
// data → fit → uncertainty report end to end before nn Modules and optimizers land. Not public API.
//   logits = x·W + b,  loss = cross-entropy(logits, y) (mean),  g = ∂loss/∂logits (fused, already / batch)
//   ∂W = xᵀ·g,  ∂b = Σ_rows g,  plain SGD: W ← W − lr·∂W,  b ← b − lr·∂b
// `s` is the stochasm namespace (the dist bundle in examples, the SDK source in tests).

/**
 * @param s the stochasm module namespace
 * @param options.key initialises W ~ N(0, 0.01²)
 * @param options.lr SGD learning rate (default 0.5)
 */
export function softmaxRegression(s, { key, inputs = 784, classes = 10, lr = 0.5 }) {
  let W = s.normal(key, [inputs, classes], { std: 0.01 });
  let b = s.zeros([classes]);
  const forward = (x) => s.add(s.matmul(x, W), b);
  const correctOf = (logits, y) => {
    const predicted = s.argmax(logits, { dim: 1 }).toArray();
    const labels = y.toArray();
    let c = 0;
    for (let i = 0; i < labels.length; i++) c += predicted[i] === labels[i] ? 1 : 0;
    return c;
  };
  return {
    trainStep(x, y) {
      return s.scope(() => {
        const logits = forward(x);
        const { loss, grad } = s.crossEntropy(logits, y);
        const dW = s.matmul(x, grad, { transposeA: true });
        const db = s.sum(grad, { dim: 0 });
        const nextW = s.keep(s.sub(W, s.mul(dW, lr)));
        const nextB = s.keep(s.sub(b, s.mul(db, lr)));
        W.dispose();
        b.dispose();
        W = nextW;
        b = nextB;
        return { loss: loss.item(), correct: correctOf(logits, y) };
      });
    },
    evalStep(x, y) {
      return s.scope(() => {
        const logits = forward(x);
        return { loss: s.crossEntropy(logits, y).loss.item(), correct: correctOf(logits, y) };
      });
    },
    /** Class probabilities, float32 [B, classes] (the caller disposes). */
    predictProba(x) {
      return s.scope(() => s.softmax(forward(x)));
    },
    /** Copies of the weights (for determinism checks). */
    weights() {
      return [W.toArray(), b.toArray()];
    },
    dispose() {
      W.dispose();
      b.dispose();
    },
  };
}

/** Member probabilities [S, N, C] (float32) of `members` on every image of `set`, in the set's order. */
export function memberProbs(s, members, set, { batchSize = 1000, mean = 0, std = 1 } = {}) {
  const classes = 10;
  const out = new Float32Array(members.length * set.count * classes);
  members.forEach((m, k) => {
    for (const batch of s.batches(set, { batchSize, mean, std })) {
      const p = m.predictProba(batch.x);
      out.set(p.toArray(), (k * set.count + batch.indices[0]) * classes);
      p.dispose();
      batch.x.dispose();
      batch.y?.dispose();
    }
  });
  return s.tensor(out, [members.length, set.count, classes], "float32");
}
