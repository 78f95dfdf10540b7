// What an ensemble (or S Monte Carlo dropout passes) does not know, per input, from its members' class
// probabilities p_s = P(Y | x, S = s). Two decompositions (seeds 000 and 001):
//   entropy:   H[p̄] = E_S[H[p_s]] + I(Y; S)          (predictive = aleatoric + epistemic), p̄ = E_S[p_s]
//   variance:  Var(Y_c) = Var_S(E[Y_c | S]) + E_S[Var(Y_c | S)] for the indicator Y_c of class c:
//              p̄_c(1 − p̄_c) = (1/S)·Σ_s (p_sc − p̄_c)² + (1/S)·Σ_s p_sc(1 − p_sc)
// Plain scalar f64 loops in a fixed order, the same in both builds. Entropies in nats, 0·log 0 = 0.

// @ts-ignore: decorator
@inline function negXLogX(p: f64): f64 {
  return p > 0 ? -p * Math.log(p) : 0.0;
}

/**
 * The per-input decomposition.
 * @param mean (N, C) f64 out: p̄
 * @param predictive (N) f64 out: H[p̄]
 * @param expected (N) f64 out: E_S[H[p_s]] (aleatoric)
 * @param mutualInformation (N) f64 out: H[p̄] − E_S[H[p_s]] (epistemic; ≥ 0 up to rounding)
 * @param total (N, C) f64 out: p̄_c(1 − p̄_c)
 * @param epistemic (N, C) f64 out: Var_S(p_sc), the population variance over members (two-pass)
 * @param aleatoric (N, C) f64 out: E_S[p_sc(1 − p_sc)]
 * @param probs (S, N, C) f64: member probabilities, rows summing to 1 (checked by the caller)
 * @example S = 2 members [1, 0] and [0, 1]: predictive = log 2, expected = 0, I = log 2; total = 1/4 per
 * class, all of it epistemic
 */
export function uncertaintyDecompositionF64(mean: usize, predictive: usize, expected: usize, mutualInformation: usize,
  total: usize, epistemic: usize, aleatoric: usize, probs: usize, members: i32, n: i32, classes: i32): void {
  const s = <f64>members;
  const memberStride = <usize>n * <usize>classes << 3;
  for (let i = 0; i < n; i++) {
    const row = <usize>i * <usize>classes << 3;
    let h: f64 = 0;
    let e: f64 = 0;
    for (let m = 0; m < members; m++) {
      const p = probs + <usize>m * memberStride + row;
      let hm: f64 = 0;
      for (let c = 0; c < classes; c++) hm += negXLogX(load<f64>(p + (<usize>c << 3)));
      e += hm;
    }
    e /= s;
    for (let c = 0; c < classes; c++) {
      const off = row + (<usize>c << 3);
      let sum: f64 = 0;
      for (let m = 0; m < members; m++) sum += load<f64>(probs + <usize>m * memberStride + off);
      const pbar = sum / s;
      let dev: f64 = 0;
      let within: f64 = 0;
      for (let m = 0; m < members; m++) {
        const p = load<f64>(probs + <usize>m * memberStride + off);
        const d = p - pbar;
        dev += d * d;
        within += p * (1 - p);
      }
      store<f64>(mean + off, pbar);
      store<f64>(total + off, pbar * (1 - pbar));
      store<f64>(epistemic + off, dev / s);
      store<f64>(aleatoric + off, within / s);
      h += negXLogX(pbar);
    }
    store<f64>(predictive + (<usize>i << 3), h);
    store<f64>(expected + (<usize>i << 3), e);
    store<f64>(mutualInformation + (<usize>i << 3), h - e);
  }
}

/**
 * Per input of a classifier's probabilities: the negative log-likelihood of the label, the confidence
 * max_c p_c and the predicted class (the first maximum).
 * @param nll (N) f64 out: −log p_label (+∞ when p_label = 0)
 * @param confidence (N) f64 out
 * @param predicted (N) i32 out
 * @param probs (N, C) f64
 * @param labels (N) i32 in [0, C) (checked by the caller)
 */
export function classificationScoresF64(nll: usize, confidence: usize, predicted: usize, probs: usize, labels: usize,
  n: i32, classes: i32): void {
  for (let i = 0; i < n; i++) {
    const row = probs + (<usize>i * <usize>classes << 3);
    let best = 0;
    let top = load<f64>(row);
    for (let c = 1; c < classes; c++) {
      const p = load<f64>(row + (<usize>c << 3));
      if (p > top) { top = p; best = c; }
    }
    const label = load<i32>(labels + (<usize>i << 2));
    store<f64>(nll + (<usize>i << 3), 0 - Math.log(load<f64>(row + (<usize>label << 3)))); // 0 − log 1 = +0
    store<f64>(confidence + (<usize>i << 3), top);
    store<i32>(predicted + (<usize>i << 2), best);
  }
}
