// Seed 003's PyTorch snippets (../shared/seeds/003_a04fdcb1201a45cc.txt), written with stochasm the way a torch
// user would write them: tensor methods, numpy broadcasting, valueAndGrad / jacobian / hessian in place of
// .backward() and torch.func, and explicit keys where torch drew from its global generator.
//
// Each snippet takes `inputs`, the torch draws recorded in tests/fixtures/seed-003/data.json (plain
// { shape, data } objects, float32 values); without them it draws its own with stochasm keys. It returns
// { lines, values }: the lines the seed prints (numbers formatted as Python formats them) and, per fixture key,
// { value, printed } with plain JS numbers. Everything runs inside scope(): no tensor outlives a snippet.
import {
  tensor, zeros, ones, zerosLike, key, split, normal, linspace, stack, diag, log, add, sub, mul, cosineSimilarity, crossEntropy,
  svd, eigh, matrixRank, valueAndGrad, jacobian, hessian, scope, Normal, Categorical, MultivariateNormal, kl,
} from "stochasm";
import { fixed, sci, pyList, size } from "./format.mjs";

// A recorded torch draw as a float32 tensor (its values are float32, so the conversion is exact), or undefined.
const recorded = (input) => (input === undefined ? undefined : tensor(input.data, input.shape, "float32"));
const shown = (value, printed = null) => ({ value, printed });

// ----- Distributions in PyTorch: univariate Gaussian (torch draws unseeded; here key(0))
export function normalSnippet(_inputs = {}, k = key(0)) {
  return scope(() => {
    const mu = 2.0, sigma = 1.5;
    const dist = new Normal(mu, sigma);
    const x = linspace(-2, 6, 100);
    const logProbs = dist.logProb(x);
    const sample = dist.sample(k, [1000]);
    const mean = sample.mean().item(), std = sample.std().item();
    const logP2 = dist.logProb(2.0).item(), cdf2 = dist.cdf(2.0).item();
    return {
      lines: [
        `Normal(${fixed(mu, 1)}, ${fixed(sigma, 1)}²):`,
        ` Sample mean: ${fixed(mean)} (expected: ${fixed(mu, 1)})`,
        ` Sample std: ${fixed(std)} (expected: ${fixed(sigma, 1)})`,
        ` log p(2.0) = ${fixed(logP2)}`,
        ` CDF at 2.0 = ${fixed(cdf2)}`,
      ],
      values: {
        sampleMean: shown(mean, fixed(mean)), sampleStd: shown(std, fixed(std)),
        logProbAt2: shown(logP2, fixed(logP2)), cdfAt2: shown(cdf2, fixed(cdf2)),
        logProbsLinspace: shown(logProbs.toList()),
      },
    };
  });
}

// ----- Categorical distribution (softmax output) (unseeded in torch; here key(0))
export function categoricalSnippet(_inputs = {}, k = key(0)) {
  return scope(() => {
    const logits = tensor([2.0, 1.0, -0.5, 3.0]);
    const probs = logits.softmax({ dim: -1 });
    const cat = new Categorical({ probs });
    const samples = cat.sample(k, [10000]);                      // int32 class indices
    const freqs = [0, 1, 2, 3].map((c) => samples.eq(c).to("float32").mean().item());
    const entropy = cat.entropy().item(), maxEntropy = log(tensor(4.0)).item();
    return {
      lines: [
        "Categorical distribution:",
        ` Probs: ${pyList(probs.toList())}`,
        ` Sample freqs: [${freqs.map((f) => `'${fixed(f)}'`).join(", ")}]`,
        ` Entropy: ${fixed(entropy)}`,
        ` Max entropy: ${fixed(maxEntropy)} (uniform over 4 classes)`,
      ],
      values: {
        probs: shown(probs.toList(), pyList(probs.toList())), sampleFreqs: shown(freqs, freqs.map((f) => fixed(f))),
        entropy: shown(entropy, fixed(entropy)), maxEntropy: shown(maxEntropy, fixed(maxEntropy)),
      },
    };
  });
}

// ----- Multivariate Gaussian (unseeded in torch; here key(0))
export function mvnSnippet(_inputs = {}, k = key(0)) {
  return scope(() => {
    const mu = tensor([0.0, 0.0]);
    const cov = tensor([[1.0, 0.8], [0.8, 1.0]]);              // correlated
    const mvn = new MultivariateNormal(mu, { covarianceMatrix: cov });
    const X = mvn.sample(k, [500]);
    const x0 = X.select(1, 0), x1 = X.select(1, 1);             // X[:, 0], X[:, 1]
    const cov01 = x0.sub(x0.mean()).mul(x1.sub(x1.mean())).mean().item();
    const mean = X.mean({ dim: 0 }).toList();
    const expected = cov.select(0, 0).select(0, 1).item();      // cov[0, 1]
    return {
      lines: [
        "MultivariateNormal:",
        ` Sample shape: ${size(X.shape)}`,
        ` Sample mean: ${pyList(mean)}`,
        ` Sample cov[0,1]: ${fixed(cov01)}`,
        ` (expected ≈ ${fixed(expected, 1)})`,
      ],
      values: {
        sampleShape: shown(X.shape, size(X.shape)), sampleMean: shown(mean, pyList(mean)),
        sampleCov01: shown(cov01, fixed(cov01)), expectedCov01: shown(expected, fixed(expected, 1)),
      },
    };
  });
}

// ----- Bayes' rule: grid posterior, MAP vs MLE
/** Unnormalised log posterior of X_i ~ N(θ, σ_lik²), θ ~ N(0, σ_prior²); theta a 0-d tensor. */
function logPosterior(theta, X, sigmaLikelihood = 1.0, sigmaPrior = 1.0) {
  const logLik = X.sub(theta).pow(2).sum().mul(-0.5).div(sigmaLikelihood ** 2);   // -0.5 * ((X - θ)²).sum() / σ²
  const logPrior = theta.pow(2).mul(-0.5).div(sigmaPrior ** 2);
  return logLik.add(logPrior);
}

export function bayesSnippet(inputs = {}, k = key(42)) {
  return scope(() => {
    const trueTheta = tensor(3.0);
    const X = recorded(inputs.X) ?? add(trueTheta, normal(k, [20]));   // true θ = 3, 20 noisy samples
    const thetas = linspace(0, 6, 200);
    const logPosts = stack(Array.from({ length: 200 }, (_, i) => logPosterior(thetas.select(0, i), X)));
    const mle = X.mean().item();
    const map = thetas.select(0, logPosts.argmax().item()).item();
    return {
      lines: [
        `True theta: ${fixed(trueTheta.item(), 2)}`,
        `MLE (sample mean): ${fixed(mle)}`,
        `MAP (log-posterior peak): ${fixed(map)}`,
        " MAP is shrunk toward 0 by the prior — this is L2 regularization!",
        " With flat prior (sigma_prior→∞), MAP = MLE",
      ],
      values: {
        trueTheta: shown(trueTheta.item(), fixed(trueTheta.item(), 2)), mle: shown(mle, fixed(mle)),
        map: shown(map, fixed(map)), logPosts: shown(logPosts.toList()),
      },
    };
  });
}

// ----- Information theory: entropy & cross-entropy
/** Shannon entropy −Σ p log(p + ε) along the last dim. */
const entropyOf = (probs, eps = 1e-10) => probs.mul(probs.add(eps).log()).sum({ dim: -1 }).neg();
/** H(P, Q) = −Σ P log Q. */
const crossEntropyManual = (pTrue, qPredLog) => pTrue.mul(qPredLog).sum({ dim: -1 }).neg();

export function entropySnippet() {
  return scope(() => {
    const probsTrue = tensor([
      [1.0, 0.0], // hard label: class 0
      [0.9, 0.1], // soft label: mostly class 0
      [0.5, 0.5], // maximum uncertainty
    ]);
    const probsPred = tensor([
      [0.95, 0.05], // good prediction
      [0.6, 0.4],   // uncertain prediction
      [0.3, 0.7],   // wrong prediction
    ]);
    const lines = ["Entropy (measures label uncertainty):"];
    const H = [];
    for (let i = 0; i < 3; i++) {
      const p = probsTrue.select(0, i);
      H.push(entropyOf(p).item());
      lines.push(` P=${pyList(p.toList())}: H = ${fixed(H[i])}`);
    }
    lines.push("", "Cross-entropy loss H(P, Q):");
    const logQ = probsPred.log();
    const CE = [];
    for (let i = 0; i < 3; i++) {
      CE.push(crossEntropyManual(probsTrue.select(0, i), logQ.select(0, i)).item());
      lines.push(` P=${pyList(probsTrue.select(0, i).toList())}, Q=${pyList(probsPred.select(0, i).toList())}: H(P,Q) = ${fixed(CE[i])}`);
    }
    // torch's F.cross_entropy(log q, hard labels, reduction='none'): crossEntropy takes logits and int32 labels
    const hardLabels = probsTrue.argmax({ dim: 1 });
    const ptCE = crossEntropy(probsPred.log(), hardLabels, { reduction: "none" }).loss.toList();
    lines.push("", `PyTorch F.cross_entropy (hard labels): ${pyList(ptCE)}`);
    const rows = (t) => [0, 1, 2].map((i) => pyList(t.select(0, i).toList()));
    return {
      lines,
      values: {
        H: shown(H, H.map((h) => fixed(h))), probsTrue: shown(probsTrue.toList(), rows(probsTrue)),
        crossEntropy: shown(CE, CE.map((c) => fixed(c))), probsPred: shown(probsPred.toList(), rows(probsPred)),
        hardLabels: shown(hardLabels.toList(), pyList(hardLabels.toList(), true)), torchCrossEntropyHard: shown(ptCE, pyList(ptCE)),
      },
    };
  });
}

// ----- KL divergence between Gaussians
/** Closed-form KL(N(μ1, σ1²) ‖ N(μ2, σ2²)), as in a VAE's KL(q(z|x) ‖ p(z)). */
function klGaussian(mu1, sigma1, mu2, sigma2) {
  return sigma2.div(sigma1).log()
    .add(sigma1.pow(2).add(mu1.sub(mu2).pow(2)).div(mul(2, sigma2.pow(2))))
    .sub(0.5);
}

export function klSnippet() {
  return scope(() => {
    const muQ = tensor([1.5, -0.5, 0.0]), sigmaQ = tensor([0.8, 1.2, 1.0]);
    const muP = zeros([3]), sigmaP = ones([3]);
    const klv = klGaussian(muQ, sigmaQ, muP, sigmaP);
    const lines = ["KL(q(z|x) || p(z)) per latent dimension:"];
    const perDim = klv.toList();
    const muL = muQ.toList(), sigmaL = sigmaQ.toList();
    for (let i = 0; i < 3; i++) lines.push(` dim ${i}: mu=${fixed(muL[i], 1)}, sigma=${fixed(sigmaL[i], 1)} → KL = ${fixed(perDim[i])}`);
    const total = klv.sum().item();
    lines.push(`Total KL: ${fixed(total)} (penalizes posterior moving away from N(0,1))`);
    const klTorch = kl(new Normal(muQ, sigmaQ), new Normal(muP, sigmaP));   // the registry's closed form, float64
    const match = klv.allclose(klTorch, { atol: 1e-5 });
    lines.push("", `PyTorch kl_divergence: ${pyList(klTorch.toList())}`, `Match: ${match ? "True" : "False"}`);
    return {
      lines,
      values: {
        klPerDim: shown(perDim, perDim.map((v) => fixed(v))), klTotal: shown(total, fixed(total)),
        klTorch: shown(klTorch.toList(), pyList(klTorch.toList())), match: shown(match, match ? "True" : "False"),
      },
    };
  });
}

// ----- Linear algebra: matrix operations, norms, cosine similarity (torch.manual_seed(42); here key(42))
export function matrixSnippet(inputs = {}, k = key(42)) {
  return scope(() => {
    const [kA, kB, kBatchA, kBatchB] = split(k, 4);
    const A = recorded(inputs.A) ?? normal(kA, [4, 3]);
    const B = recorded(inputs.B) ?? normal(kB, [3, 5]);
    const C = A.matmul(B);
    const batchA = normal(kBatchA, [8, 4, 3]), batchB = normal(kBatchB, [8, 3, 5]);
    const batchC = batchA.matmul(batchB);                     // batch dims broadcast, as torch's @
    const x = tensor([3.0, 4.0]);
    const l1 = x.norm({ ord: 1 }).item(), l2 = x.norm({ ord: 2 }).item(), linf = x.norm({ ord: Infinity }).item();
    const a = tensor([1.0, 2.0, 3.0]), b = tensor([2.0, 2.0, 1.0]);
    const cosSim = a.matmul(b).div(a.norm().mul(b.norm())).item();
    const cosSimF = cosineSimilarity(a.unsqueeze(0), b.unsqueeze(0)).item();
    return {
      lines: [
        `A (${size(A.shape)}) @ B (${size(B.shape)}) = C (${size(C.shape)})`,
        `Batch: ${size(batchA.shape)} @ ${size(batchB.shape)} = ${size(batchC.shape)}`,
        "", `Norms of ${pyList(x.toList())}:`,
        ` L1 (||x||_1): ${fixed(l1)} (sum of abs values)`,
        ` L2 (||x||_2): ${fixed(l2)} (Euclidean length)`,
        ` Linf: ${fixed(linf)} (max abs value)`,
        "", `Cos similarity: ${fixed(cosSim)}`,
        `Via F.cosine_similarity: ${fixed(cosSimF)}`,
      ],
      values: {
        shapeC: shown(C.shape, size(C.shape)), C: shown(C.toList()), shapeBatchC: shown(batchC.shape, size(batchC.shape)),
        normL1: shown(l1, fixed(l1)), normL2: shown(l2, fixed(l2)), normLinf: shown(linf, fixed(linf)),
        cosSim: shown(cosSim, fixed(cosSim)), cosSimF: shown(cosSimF, fixed(cosSimF)),
      },
    };
  });
}

// ----- SVD & low-rank approximation (torch.manual_seed(42); here key(42))
export function svdSnippet(inputs = {}, k = key(42)) {
  return scope(() => {
    const A = recorded(inputs.A) ?? normal(k, [6, 4]);
    const { U, S, Vh } = svd(A);                                // thin, like full_matrices=False; float64
    const shapes = { U: U.shape, S: S.shape, Vh: Vh.shape };
    const reconstructed = U.matmul(diag(S)).matmul(Vh);
    const err = A.sub(reconstructed).abs().max().item();
    const r = 2;
    const lowRank = U.narrow(1, 0, r).matmul(diag(S.narrow(0, 0, r))).matmul(Vh.narrow(0, 0, r));   // U[:, :k] @ diag(S[:k]) @ Vh[:k, :]
    const frobenius = A.sub(lowRank).norm().item();
    const rank = matrixRank(A);
    const nuclear = S.sum().item();
    const sv = S.toList();
    return {
      lines: [
        `SVD: A (${size(A.shape)})`,
        ` U: ${size(U.shape)}, S: ${size(S.shape)}, Vh: ${size(Vh.shape)}`,
        ` Singular values: ${pyList(sv)}`,
        ` Max reconstruction error: ${sci(err)}`,
        "", `Rank-${r} approximation:`,
        ` Frobenius error: ${fixed(frobenius)}`,
        ` Original rank: ${rank}`,
        ` Nuclear norm: ${fixed(nuclear)} (promotes low-rank solutions)`,
      ],
      values: {
        shapes: shown(shapes, `${size(U.shape)}, ${size(S.shape)}, ${size(Vh.shape)}`), singularValues: shown(sv, pyList(sv)),
        maxReconstructionError: shown(err, sci(err)), frobeniusErrorRank2: shown(frobenius, fixed(frobenius)),
        rank: shown(rank, String(rank)), nuclearNorm: shown(nuclear, fixed(nuclear)),
      },
    };
  });
}

// ----- Eigendecomposition of a covariance matrix (torch.manual_seed(42); here key(42))
export function eighSnippet(inputs = {}, k = key(42)) {
  return scope(() => {
    const X = recorded(inputs.X) ?? normal(k, [100, 5]);
    const cov = X.T.matmul(X).div(100 - 1);                    // 5×5, not centred, as the seed
    const { eigenvalues } = eigh(cov);                         // ascending, as torch.linalg.eigh; float64
    const desc = eigenvalues.flip([0]);
    const cond = desc.select(0, 0).div(desc.select(0, -1).add(1e-10)).item();
    return {
      lines: [
        `Covariance matrix eigenvalues (descending): ${pyList(desc.toList())}`,
        "", "Connections to deep learning:",
        " - PCA uses top-k eigenvectors of covariance (or SVD of data)",
        " - Hessian eigenvalues indicate loss surface curvature",
        " - Large eigenvalue ratio → ill-conditioned optimization",
        ` - Condition number: ${fixed(cond, 2)}`,
      ],
      values: { eigenvaluesDesc: shown(desc.toList(), pyList(desc.toList())), conditionNumber: shown(cond, fixed(cond, 2)) },
    };
  });
}

// ----- Calculus & autograd: the chain rule (torch.manual_seed(42); here key(42))
export function chainRuleSnippet(inputs = {}, k = key(42)) {
  return scope(() => {
    const [kx, k1, k2] = split(k, 3);
    const x = recorded(inputs.x) ?? normal(kx, [3]);
    const W1 = recorded(inputs.W1) ?? normal(k1, [4, 3]);
    const W2 = recorded(inputs.W2) ?? normal(k2, [2, 4]);
    // forward and autograd: valueAndGrad in place of requires_grad + L.backward()
    const lossOf = ({ W1, W2 }, x) => {
      const h = W1.matmul(x).relu();                         // hidden layer
      const y = W2.matmul(h);                                // output
      return y.pow(2).sum();                                 // scalar loss
    };
    const [L, grads] = valueAndGrad(lossOf)({ W1, W2 }, x);
    // the chain rule by hand (outside a transform nothing is traced: no torch.no_grad() needed)
    const h = W1.matmul(x).relu(), y = W2.matmul(h);
    const dLdy = y.mul(2);
    const dLdh = W2.T.matmul(dLdy);
    const dLdW2 = dLdy.unsqueeze(1).mul(h.unsqueeze(0));
    const reluMask = W1.matmul(x).gt(0).to("float32");        // ReLU derivative
    const dLdW1 = dLdh.mul(reluMask).unsqueeze(1).mul(x.unsqueeze(0));
    const d2 = grads.W2.sub(dLdW2).abs().max().item(), d1 = grads.W1.sub(dLdW1).abs().max().item();
    return {
      lines: [
        "Gradient comparison (autograd vs manual chain rule):",
        ` W2 max abs diff: ${sci(d2)}`,
        ` W1 max abs diff: ${sci(d1)}`,
        " Both match to numerical precision. Autograd IS the chain rule.",
      ],
      values: {
        w2MaxAbsDiff: shown(d2, sci(d2)), w1MaxAbsDiff: shown(d1, sci(d1)), loss: shown(L.item()),
        gradW1: shown(grads.W1.toList()), gradW2: shown(grads.W2.toList()),
      },
    };
  });
}

// ----- Jacobian & Hessian (torch.func's jacrev and hessian; torch.manual_seed(42), here key(42))
export function jacobianHessianSnippet(inputs = {}, k = key(42)) {
  return scope(() => {
    const f = (W, x) => W.matmul(x).relu();                   // linear + ReLU
    const [kW, kx] = split(k);
    const W = recorded(inputs.W) ?? normal(kW, [3, 4]);
    const x = recorded(inputs.x) ?? normal(kx, [4]);
    const J = jacobian(f)(W, x);                               // d out_i / d W_jk: [3, 3, 4]
    const outShape = f(W, x).shape;
    const scalarLoss = (w) => w.pow(2).sub(mul(2, w)).add(1).sum();   // quadratic bowl (w² − 2w + 1).sum()
    const w = tensor([1.5, 0.5, 2.0]);
    const H = hessian(scalarLoss)(w);
    const hd = H.diagonal().toList();
    return {
      lines: [
        `Jacobian of f w.r.t. W: shape = ${size(J.shape)}`,
        ` Outer dims = output shape ${size(outShape)}`,
        ` Inner dims = W shape ${size(W.shape)}`,
        "", `Hessian of quadratic loss: shape = ${size(H.shape)}`,
        ` Diagonal: ${pyList(hd)} (expected: [2, 2, 2] for d²/dw² of w²)`,
        " Hessian condition number measures optimization difficulty",
      ],
      values: {
        jacobianShape: shown(J.shape, size(J.shape)), jacobian: shown(J.toList()), outputShape: shown(outShape, size(outShape)),
        wShape: shown(W.shape, size(W.shape)), hessianShape: shown(H.shape, size(H.shape)),
        hessianDiagonal: shown(hd, pyList(hd)), hessian: shown(H.toList()),
      },
    };
  });
}

// ----- Optimization: gradient descent variants on Rosenbrock
// torch.optim 1.13's update rules (the single-tensor path, operation for operation: addcmul is (v·t1)·t2,
// addcdiv (v·t1)/t2), written with tensor ops on one parameter tensor: stochasm's own optimizers are being
// built on the `optim` branch (issue 12) and are not in main yet. Each is { init(p) → state, step(p, g, state)
// → [p, state] }; powers βᵗ are running products (plain IEEE multiplications, no JS Math.pow).
const sgd = ({ lr, momentum = 0 }) => ({
  init: () => ({}),
  step(p, g, { buf }) {
    if (momentum !== 0) buf = buf === undefined ? g.clone() : buf.mul(momentum).add(g);   // dampening 0
    return [p.sub((buf ?? g).mul(lr)), { buf }];
  },
});
const adam = ({ lr, betas: [beta1, beta2] = [0.9, 0.999], eps = 1e-8, weightDecay = 0, decoupled = false }) => ({
  init: (p) => ({ m: zerosLike(p), v: zerosLike(p), beta1t: 1, beta2t: 1 }),
  step(p, g, { m, v, beta1t, beta2t }) {
    if (decoupled) p = p.mul(1 - lr * weightDecay);            // AdamW: decay the weights, not the gradient
    else if (weightDecay !== 0) g = g.add(p.mul(weightDecay));
    m = m.mul(beta1).add(g.mul(1 - beta1));
    v = v.mul(beta2).add(g.mul(1 - beta2).mul(g));
    beta1t *= beta1; beta2t *= beta2;
    const stepSize = lr / (1 - beta1t);
    const denom = v.sqrt().div(Math.sqrt(1 - beta2t)).add(eps);   // √ is correctly rounded in IEEE
    return [p.sub(m.mul(stepSize).div(denom)), { m, v, beta1t, beta2t }];
  },
});
const rmsprop = ({ lr, alpha = 0.99, eps = 1e-8 }) => ({
  init: (p) => ({ v: zerosLike(p) }),
  step(p, g, { v }) {
    v = v.mul(alpha).add(g.mul(1 - alpha).mul(g));
    return [p.sub(g.mul(lr).div(v.sqrt().add(eps))), { v }];
  },
});

/** Rosenbrock's valley: minimum 0 at (1, 1). */
const rosenbrock = (x, y) => sub(1, x).pow(2).add(mul(100, y.sub(x.pow(2)).pow(2)));

export const ROSENBROCK_CONFIGS = [
  ["sgd", "SGD (lr=0.001)", () => sgd({ lr: 0.001 })],
  ["sgdMomentum", "SGD+momentum", () => sgd({ lr: 0.001, momentum: 0.9 })],
  ["adam", "Adam", () => adam({ lr: 0.01 })],
  ["adamW", "AdamW (wd=0.01)", () => adam({ lr: 0.01, weightDecay: 0.01, decoupled: true })],
  ["rmsprop", "RMSprop", () => rmsprop({ lr: 0.01 })],
];

/** 500 steps from (−1, 1) in `dtype`; returns the last loss (before the 500th update) and the final (x, y). */
export function runOptimizer(makeOptimizer, { nSteps = 500, dtype = "float32" } = {}) {
  return scope(() => {
    const opt = makeOptimizer();
    let p = tensor([-1.0, 1.0], [2], dtype);
    let state = opt.init(p);
    const lossOf = (q) => rosenbrock(q.select(0, 0), q.select(0, 1));   // rosenbrock(p[0], p[1])
    let last = NaN;
    for (let step = 0; step < nSteps; step++) {
      // the step's temporaries are freed at once; the new parameters and state survive it (the old ones are
      // freed with the enclosing scope)
      [p, state] = scope(() => {
        const [loss, g] = valueAndGrad(lossOf)(p);
        last = loss.item();
        return opt.step(p, g, state);
      });
    }
    const [x, y] = p.toList();
    return { finalLoss: last, x, y };
  });
}

export function rosenbrockSnippet() {
  const lines = [`${"Optimizer".padEnd(22)} | ${"Final loss".padStart(10)} | ${"x".padStart(7)} | ${"y".padStart(7)}`, "-".repeat(55)];
  const values = {};
  for (const [id, label, make] of ROSENBROCK_CONFIGS) {
    const r = runOptimizer(make);
    const r64 = runOptimizer(make, { dtype: "float64" });
    lines.push(`${label.padEnd(22)} | ${fixed(r.finalLoss, 6).padStart(10)} | ${fixed(r.x, 5)} | ${fixed(r.y, 5)}`);
    values[id] = { value: r, value64: r64, printed: { finalLoss: fixed(r.finalLoss, 6), x: fixed(r.x, 5), y: fixed(r.y, 5) } };
  }
  lines.push("", "Optimum: x=1.0, y=1.0, f=0");
  return { lines, values };
}

// ----- Convexity & saddle points: f(x, y) = x² − y² at (0.01, 0.01)
export function saddleSnippet() {
  return scope(() => {
    const saddle = (x, y) => x.pow(2).sub(y.pow(2));
    const xVals = linspace(-2, 2, 20), yVals = linspace(-2, 2, 20);   // the seed's grid (unused, as there)
    void xVals; void yVals;
    const [loss, g] = valueAndGrad(({ x, y }) => saddle(x, y))({ x: tensor(0.01), y: tensor(0.01) });
    const dfdx = g.x.item(), dfdy = g.y.item();
    return {
      lines: [
        "Saddle point analysis at (0, 0):",
        ` df/dx = ${fixed(dfdx)} (positive: gradient points away)`,
        ` df/dy = ${fixed(dfdy)} (negative: gradient points toward)`,
      ],
      values: { dfdx: shown(dfdx, fixed(dfdx)), dfdy: shown(dfdy, fixed(dfdy)), loss: shown(loss.item()) },
    };
  });
}

/** The snippets in the seed's order, by the fixture's ids. */
export const SNIPPETS = [
  ["normal", normalSnippet], ["categorical", categoricalSnippet], ["mvn", mvnSnippet], ["bayes", bayesSnippet],
  ["entropy", entropySnippet], ["kl", klSnippet], ["matrix", matrixSnippet], ["svd", svdSnippet], ["eigh", eighSnippet],
  ["chainRule", chainRuleSnippet], ["jacobianHessian", jacobianHessianSnippet], ["rosenbrock", rosenbrockSnippet],
  ["saddle", saddleSnippet],
];
