// Shared fast-check arbitraries for the cross-runtime battery. Every case is plain data (numbers,
// bigints, arrays, records) so it can be printed, digested and regenerated in any runtime.
// The awkward values the battery must always meet are listed once here and mixed into each arbitrary.
import fc from "fast-check";

export { fc };

/** Lengths that break loops: empty, single, odd tails around SIMD widths, one short of a power of two. */
export const AWKWARD_LENGTHS = [0, 1, 3, 5, 1023];

/** A dimension: one of the awkward lengths or any length up to `max`. */
export const length = (max = 300) => fc.oneof(fc.constantFrom(...AWKWARD_LENGTHS), fc.integer({ min: 0, max }));

/** A small dimension for 2-D shapes (up to 40). */
export const dim = (max = 40) => fc.oneof(fc.constantFrom(0, 1, 3, 5), fc.integer({ min: 0, max }));

/** A shape of rank 0, 1 or 2; rank 1 carries the awkward lengths. */
export const shape = fc.oneof(
  { weight: 4, arbitrary: length().map((n) => [n]) },
  { weight: 2, arbitrary: fc.tuple(dim(), dim()) },
  { weight: 1, arbitrary: fc.constant([]) },
);

/** A matrix shape [rows, cols] with the awkward sizes on both sides (at most 3 rows of 1023 columns). */
export const matrixShape = fc.tuple(dim(), fc.oneof(fc.constantFrom(1, 3, 5, 17, 1023), fc.integer({ min: 1, max: 64 })))
  .map(([rows, cols]) => [cols > 64 ? Math.min(rows, 3) : rows, cols]);

/** A seed for key(seed): a number below 2^53 or a bigint below 2^64, extremes included. */
export const seed = fc.oneof(
  fc.constantFrom(0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1),
  fc.nat(),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.constant(2n ** 64n - 1n),
);

/** An out-of-stream-start offset: 0, anything, or close to the end of the 2^32-element stream. */
export const offset = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 ** 32 - 2048 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2 ** 32 - 2048, max: 2 ** 32 - 1 }) },
);

/** float32 denormals, the smallest normal and the largest finite float32. */
export const F32_EXTREMES = [1.401298464324817e-45, 1e-40, 1.1754943508222875e-38, 3.4028234663852886e38];
/** float64 denormals, the smallest normal and huge values. */
export const F64_EXTREMES = [5e-324, 1e-310, 2.2250738585072014e-308, 1e300, 1.7976931348623157e308];

/** A scale σ > 0: tiny (denormal) and huge as well as ordinary. */
export const sigma = fc.oneof(
  fc.constantFrom(...F32_EXTREMES, ...F64_EXTREMES, 1e-30, 1e30),
  fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
);

/** Parameters that must be rejected: zero, negative, NaN and infinite. */
export const invalidNumber = fc.constantFrom(0, -1, -0, NaN, Infinity, -Infinity);

/** Mostly `valid`, sometimes `invalid` (1 case in 6): invalid cases check the errors match too. */
export const withInvalid = (valid, invalid = invalidNumber) => fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: invalid });

/** A moderate real (|x| ≤ 10) most of the time, any finite real otherwise. */
export const location = fc.oneof({ weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-40, -5e-324, 1e30, -3e38, 1e300) });

/** int32 bounds [low, high) for randint: small and huge ranges, the full 2^32 range, and a few invalid pairs. */
export const intBounds = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 2 ** 32 }))).map(([low, range]) => [low, Math.min(low + range, 2 ** 31)]) },
  { weight: 1, arbitrary: fc.constantFrom([-(2 ** 31), 2 ** 31], [0, 1], [0, 2 ** 31], [-(2 ** 31), -(2 ** 31) + 1], [5, 5], [0, 2 ** 32], [0.5, 3]) },
);

/** A finite real of any magnitude (including ±0, denormals and the float limits). */
export const real = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, ...F32_EXTREMES, ...F64_EXTREMES.map((x) => -x)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -10, max: 10, noNaN: true }),
);

/** A logit: ordinary values plus ±1e30, −∞ and denormals (for softmax / categorical kernels). */
export const logit = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -20, max: 20, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(1e30, -1e30, -Infinity, 5e-324, -1e-40, 0, -0) },
);

/** A value for float data (as `real`, plus NaN and ±∞ so kernels show what they do with them). */
export const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
  { weight: 1, arbitrary: real },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e30, -1e30, 1e-40, -5e-324) },
);

/** Plain data for a tensor of `shapeArb` with elements from `element`: `{ shape, data }`. */
export const tensorData = (shapeArb = shape, element = value) =>
  shapeArb.chain((s) => fc.array(element, { minLength: s.reduce((a, b) => a * b, 1), maxLength: s.reduce((a, b) => a * b, 1) }).map((data) => ({ shape: s, data })));

/** A matrix `{ shape: [rows, cols], data }`. */
export const matrix = (element = value) => tensorData(matrixShape, element);

/** A 32-bit word. */
export const u32 = fc.oneof(fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff), fc.nat({ max: 0xffffffff }).map((x) => x >>> 0));

/** A moderate finite value, with zeros and denormals sometimes. */
export const moderate = fc.oneof({ weight: 8, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, -0, 5e-324, 1e-40, -1e-300) });

/** A float dtype. */
export const dtype = fc.constantFrom("float32", "float64");

/** Exactly `size` elements. */
export const dataOf = (size, element = value) => fc.array(element, { minLength: size, maxLength: size });

/** A matrix-kernel dimension: sizes around block and vector widths (up to 65) and small ones. */
export const matDim = fc.oneof(fc.constantFrom(0, 1, 3, 5, 17, 33, 65), fc.integer({ min: 1, max: 24 }));

/** matmul operands: `{ m, k, n, transposeA, transposeB, alpha, dtype, a, b }` (a, b flat, as stored). */
export const matmulCase = fc.record({ m: matDim, k: matDim, n: matDim, transposeA: fc.boolean(), transposeB: fc.boolean(), alpha: fc.oneof(fc.constant(1), moderate), dtype })
  .chain((p) => fc.record({ a: dataOf(p.m * p.k), b: dataOf(p.k * p.n) }).map((d) => ({ ...p, ...d })));

/** bmm operands: a (batch, m, k), b (batch, k, n) or a shared (k, n). */
export const bmmCase = fc.record({ batch: fc.integer({ min: 0, max: 4 }), m: dim(9), k: dim(9), n: dim(9), sharedB: fc.boolean(), dtype })
  .chain((p) => fc.record({ a: dataOf(p.batch * p.m * p.k), b: dataOf((p.sharedB ? 1 : p.batch) * p.k * p.n) }).map((d) => ({ ...p, ...d })));

/** A square matrix `{ n, data }` (row-major) of `element`s, n in 0…12 or 17. */
export const squareMatrix = (element = moderate) => fc.oneof(fc.constantFrom(0, 1, 2, 3, 5, 17), fc.integer({ min: 0, max: 12 }))
  .chain((n) => dataOf(n * n, element).map((data) => ({ n, data })));

/** A symmetric positive-definite matrix B·Bᵀ + n·I (plain IEEE arithmetic: the same everywhere). */
export const spdMatrix = squareMatrix().map(({ n, data }) => {
  const a = new Array(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let acc = i === j ? n : 0;
    for (let k = 0; k < n; k++) acc += data[i * n + k] * data[j * n + k];
    a[i * n + j] = acc;
  }
  return { n, data: a };
});

/** A symmetric matrix (B + Bᵀ) / 2. */
export const symmetricMatrix = squareMatrix().map(({ n, data }) => ({ n, data: data.map((_, idx) => (data[idx] + data[(idx % n) * n + Math.floor(idx / n)]) / 2) }));

/** A linear system `{ n, a, rhs, cols }`: a square a with a strong diagonal, and a right-hand side (n, cols) or (n). */
export const linearSystem = fc.record({ a: squareMatrix(), cols: fc.constantFrom(0, 1, 3) })
  .chain(({ a, cols }) => dataOf(a.n * Math.max(cols, 1), moderate).map((rhs) => ({ n: a.n, a: a.data.map((x, i) => (i % (a.n + 1) === 0 ? x + 20 : x)), rhs, cols })));

/** A rectangular matrix `{ rows, cols, data }` for SVD-like routines. */
const rectDim = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1, 3, 5) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }) });
export const rectMatrix = fc.record({ rows: rectDim, cols: rectDim })
  .chain(({ rows, cols }) => dataOf(rows * cols, moderate).map((data) => ({ rows, cols, data })));

/** Operands of a binary elementwise op: b of a's shape, a suffix of it, one element, or a number. */
export const binaryCase = fc.record({ a: tensorData(), kind: fc.constantFrom("same", "suffix", "one", "number"), dtype })
  .chain(({ a, kind, dtype }) => {
    if (kind === "number") return value.map((b) => ({ a, b, dtype }));
    const bShape = kind === "same" ? a.shape : kind === "one" ? [1] : a.shape.slice(-1);
    return dataOf(bShape.reduce((x, y) => x * y, 1)).map((data) => ({ a, b: { shape: bShape, data }, dtype }));
  });

/** Operands of a reduction: `{ x, dtype, dim, keepdim }`, dim any valid axis or none, sometimes out of range. */
export const reduceCase = fc.record({ x: tensorData(), dtype, keepdim: fc.boolean(), pick: fc.nat({ max: 11 }) })
  .map(({ x, dtype, keepdim, pick }) => {
    const rank = x.shape.length;
    const choices = [undefined, undefined, ...Array.from({ length: rank }, (_, i) => i), ...Array.from({ length: rank }, (_, i) => i - rank)];
    return { x, dtype, keepdim, dim: pick === 11 ? rank : choices[pick % choices.length] };
  });

/** Rows of probabilities `{ shape, data }` (non-negative weights divided by their row sum; some zeros). */
export const probabilityMatrix = (shapeArb = matrixShape) => shapeArb.chain(([rows, cols]) =>
  dataOf(rows * cols, fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(0) })).map((w) => {
    const data = w.slice();
    for (let i = 0; i < rows; i++) {
      let total = 0;
      for (let j = 0; j < cols; j++) total += w[i * cols + j];
      for (let j = 0; j < cols; j++) data[i * cols + j] = total > 0 ? w[i * cols + j] / total : j === 0 ? 1 : 0;
    }
    return { shape: [rows, cols], data };
  }));

/** Logits (rows, classes) with an integer label per row, and soft targets of the same shape. */
export const classification = matrix(logit).chain((logits) => {
  const [rows, cols] = logits.shape;
  return fc.record({
    labels: dataOf(rows, fc.nat({ max: Math.max(cols - 1, 0) })),
    soft: probabilityMatrix(fc.constant([rows, cols])),
  }).map(({ labels, soft }) => ({ logits, labels, soft }));
});

/** A loss reduction. */
export const reduction = fc.constantFrom("mean", "sum", "none");
