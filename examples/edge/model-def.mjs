// The served digits model's architecture, shared by train.mjs (which writes its weights) and handler.mjs:
// 784 → 32 → 10 with dropout before the last layer, so Monte Carlo dropout (the layer in training mode, with
// a key) gives an ensemble of sub-networks. `s` is a stochasm namespace ("stochasm", "stochasm/module" or the SDK source).
export const HIDDEN = 32;
export const DROPOUT = 0.25;

/** The network with weights drawn from key `k` (the served one loads trained weights over them). */
export function digitsNet(s, k) {
  return new s.Sequential(
    new s.Linear(784, HIDDEN, { key: s.foldIn(k, 0) }),
    new s.ReLU(),
    new s.Dropout(DROPOUT),
    new s.Linear(HIDDEN, 10, { key: s.foldIn(k, 1) }),
  );
}
