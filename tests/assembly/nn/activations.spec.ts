// as-pect compiles with SIMD enabled, so each activation and pointwise kernel runs its v128 path here and is
// compared bit for bit with its …Ref sibling (the plain loop, which is also what the scalar build runs), at
// lengths that leave every possible scalar tail (0, 1, 3, 5, 17, 1023) and on data mixing ordinary values at
// three scales with the special values each formula branches on (±0, ±∞, NaN, subnormals, the exp overflow
// and underflow edges, huge magnitudes whose cubes overflow).
import {
  reluElementwiseF32, reluElementwiseF32Ref, reluBackwardF32, reluBackwardF32Ref, reluElementwiseF64, reluElementwiseF64Ref,
  reluBackwardF64, reluBackwardF64Ref, leakyReluElementwiseF32, leakyReluElementwiseF32Ref, leakyReluBackwardF32, leakyReluBackwardF32Ref,
  leakyReluElementwiseF64, leakyReluElementwiseF64Ref, leakyReluBackwardF64, leakyReluBackwardF64Ref, eluElementwiseF32, eluElementwiseF32Ref,
  eluBackwardF32, eluBackwardF32Ref, eluElementwiseF64, eluElementwiseF64Ref, eluBackwardF64, eluBackwardF64Ref,
  geluErfElementwiseF32, geluErfElementwiseF32Ref, geluErfBackwardF32, geluErfBackwardF32Ref, geluErfElementwiseF64, geluErfElementwiseF64Ref,
  geluErfBackwardF64, geluErfBackwardF64Ref, geluTanhElementwiseF32, geluTanhElementwiseF32Ref, geluTanhBackwardF32, geluTanhBackwardF32Ref,
  geluTanhElementwiseF64, geluTanhElementwiseF64Ref, geluTanhBackwardF64, geluTanhBackwardF64Ref, sigmoidElementwiseF32, sigmoidElementwiseF32Ref,
  sigmoidBackwardF32, sigmoidBackwardF32Ref, sigmoidElementwiseF64, sigmoidElementwiseF64Ref, sigmoidBackwardF64, sigmoidBackwardF64Ref,
  tanhElementwiseF32, tanhElementwiseF32Ref, tanhBackwardF32, tanhBackwardF32Ref, tanhElementwiseF64, tanhElementwiseF64Ref,
  tanhBackwardF64, tanhBackwardF64Ref, softplusElementwiseF32, softplusElementwiseF32Ref, softplusBackwardF32, softplusBackwardF32Ref,
  softplusElementwiseF64, softplusElementwiseF64Ref, softplusBackwardF64, softplusBackwardF64Ref, siluElementwiseF32, siluElementwiseF32Ref,
  siluBackwardF32, siluBackwardF32Ref, siluElementwiseF64, siluElementwiseF64Ref, siluBackwardF64, siluBackwardF64Ref,
  logSigmoidElementwiseF32, logSigmoidElementwiseF32Ref, logSigmoidBackwardF32, logSigmoidBackwardF32Ref, logSigmoidElementwiseF64, logSigmoidElementwiseF64Ref,
  logSigmoidBackwardF64, logSigmoidBackwardF64Ref,
} from "../../../assembly/nn/activations";
import {
  negElementwiseF32, negElementwiseF32Ref, negBackwardF32, negBackwardF32Ref, negElementwiseF64, negElementwiseF64Ref,
  negBackwardF64, negBackwardF64Ref, squareElementwiseF32, squareElementwiseF32Ref, squareBackwardF32, squareBackwardF32Ref,
  squareElementwiseF64, squareElementwiseF64Ref, squareBackwardF64, squareBackwardF64Ref, signElementwiseF32, signElementwiseF32Ref,
  signBackwardF32, signBackwardF32Ref, signElementwiseF64, signElementwiseF64Ref, signBackwardF64, signBackwardF64Ref,
  reciprocalElementwiseF32, reciprocalElementwiseF32Ref, reciprocalBackwardF32, reciprocalBackwardF32Ref, reciprocalElementwiseF64, reciprocalElementwiseF64Ref,
  reciprocalBackwardF64, reciprocalBackwardF64Ref, sinElementwiseF32, sinElementwiseF32Ref, sinBackwardF32, sinBackwardF32Ref,
  sinElementwiseF64, sinElementwiseF64Ref, sinBackwardF64, sinBackwardF64Ref, cosElementwiseF32, cosElementwiseF32Ref,
  cosBackwardF32, cosBackwardF32Ref, cosElementwiseF64, cosElementwiseF64Ref, cosBackwardF64, cosBackwardF64Ref,
  expm1ElementwiseF32, expm1ElementwiseF32Ref, expm1BackwardF32, expm1BackwardF32Ref, expm1ElementwiseF64, expm1ElementwiseF64Ref,
  expm1BackwardF64, expm1BackwardF64Ref, log1pElementwiseF32, log1pElementwiseF32Ref, log1pBackwardF32, log1pBackwardF32Ref,
  log1pElementwiseF64, log1pElementwiseF64Ref, log1pBackwardF64, log1pBackwardF64Ref, powScalarElementwiseF32, powScalarElementwiseF32Ref,
  powScalarBackwardF32, powScalarBackwardF32Ref, powScalarElementwiseF64, powScalarElementwiseF64Ref, powScalarBackwardF64, powScalarBackwardF64Ref,
  powF32, powF64, powBackwardF32, powBackwardF64,
} from "../../../assembly/tensor/pointwise";
import { buffer, fillRandom, sameBits, f32At, f64At } from "../tensor/data";

const LENGTHS: StaticArray<i32> = [0, 1, 3, 5, 17, 1023];
const SCALES: StaticArray<f64> = [1, 12, 150];
const MAX = 1023;
const X = buffer(MAX, 8);
const G = buffer(MAX, 8);
const OUT = buffer(MAX, 8);
const OUT_REF = buffer(MAX, 8);

// Every 5th element (offset by the seed, so they land in vector lanes and in the tail) is one of these.
const EDGES: StaticArray<f64> = [
  0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 1e-8, -1e-8, 3e38, -3e38, 1e13, -1e13, 1e20, -1e20,
  88.72, -88.72, 103.9, -103.9, 17.33, -17.33, 20, -20, 40, -40, -1, 1, 0.5, -0.5, 1e300, -1e300, 710, -745,
];

function fill(p: usize, n: i32, bytes: i32, seed: u32, scale: f64): void {
  fillRandom(p, n, bytes, seed, scale, true);
  for (let i = <i32>(seed % 5); i < n; i += 5) {
    const v = EDGES[(<i32>seed * 7 + i) % EDGES.length];
    if (bytes == 4) store<f32>(p + (<usize>i << 2), <f32>v);
    else store<f64>(p + (<usize>i << 3), v);
  }
}

// Runs `check` (which fills nothing: X and G are filled here) for every length, scale and a few seeds.
let failures = 0;
function sweep(bytes: i32, check: (n: i32, bytes: i32) => bool): i32 {
  let bad = 0;
  for (let s = 0; s < SCALES.length; s++) {
    for (let l = 0; l < LENGTHS.length; l++) {
      for (let seed: u32 = 1; seed <= 3; seed++) {
        const n = LENGTHS[l];
        fill(X, n, bytes, seed * 97 + <u32>l, SCALES[s]);
        fill(G, n, bytes, seed * 89 + <u32>l + 1000, 3);
        if (!check(n, bytes)) bad++;
      }
    }
  }
  return bad;
}

function agree_reluF32(n: i32, bytes: i32): bool {
  reluElementwiseF32(OUT, X, n); reluElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  reluBackwardF32(OUT, G, X, n); reluBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_reluF64(n: i32, bytes: i32): bool {
  reluElementwiseF64(OUT, X, n); reluElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  reluBackwardF64(OUT, G, X, n); reluBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_leakyReluF32_0p01(n: i32, bytes: i32): bool {
  leakyReluElementwiseF32(OUT, X, n, 0.01); leakyReluElementwiseF32Ref(OUT_REF, X, n, 0.01);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  leakyReluBackwardF32(OUT, G, X, n, 0.01); leakyReluBackwardF32Ref(OUT_REF, G, X, n, 0.01);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_leakyReluF32_m2p5(n: i32, bytes: i32): bool {
  leakyReluElementwiseF32(OUT, X, n, -2.5); leakyReluElementwiseF32Ref(OUT_REF, X, n, -2.5);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  leakyReluBackwardF32(OUT, G, X, n, -2.5); leakyReluBackwardF32Ref(OUT_REF, G, X, n, -2.5);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_leakyReluF64_0p01(n: i32, bytes: i32): bool {
  leakyReluElementwiseF64(OUT, X, n, 0.01); leakyReluElementwiseF64Ref(OUT_REF, X, n, 0.01);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  leakyReluBackwardF64(OUT, G, X, n, 0.01); leakyReluBackwardF64Ref(OUT_REF, G, X, n, 0.01);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_leakyReluF64_m2p5(n: i32, bytes: i32): bool {
  leakyReluElementwiseF64(OUT, X, n, -2.5); leakyReluElementwiseF64Ref(OUT_REF, X, n, -2.5);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  leakyReluBackwardF64(OUT, G, X, n, -2.5); leakyReluBackwardF64Ref(OUT_REF, G, X, n, -2.5);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_eluF32_1(n: i32, bytes: i32): bool {
  eluElementwiseF32(OUT, X, n, 1); eluElementwiseF32Ref(OUT_REF, X, n, 1);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  eluBackwardF32(OUT, G, X, n, 1); eluBackwardF32Ref(OUT_REF, G, X, n, 1);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_eluF32_0p3(n: i32, bytes: i32): bool {
  eluElementwiseF32(OUT, X, n, 0.3); eluElementwiseF32Ref(OUT_REF, X, n, 0.3);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  eluBackwardF32(OUT, G, X, n, 0.3); eluBackwardF32Ref(OUT_REF, G, X, n, 0.3);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_eluF64_1(n: i32, bytes: i32): bool {
  eluElementwiseF64(OUT, X, n, 1); eluElementwiseF64Ref(OUT_REF, X, n, 1);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  eluBackwardF64(OUT, G, X, n, 1); eluBackwardF64Ref(OUT_REF, G, X, n, 1);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_eluF64_0p3(n: i32, bytes: i32): bool {
  eluElementwiseF64(OUT, X, n, 0.3); eluElementwiseF64Ref(OUT_REF, X, n, 0.3);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  eluBackwardF64(OUT, G, X, n, 0.3); eluBackwardF64Ref(OUT_REF, G, X, n, 0.3);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_geluErfF32(n: i32, bytes: i32): bool {
  geluErfElementwiseF32(OUT, X, n); geluErfElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  geluErfBackwardF32(OUT, G, X, n); geluErfBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_geluErfF64(n: i32, bytes: i32): bool {
  geluErfElementwiseF64(OUT, X, n); geluErfElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  geluErfBackwardF64(OUT, G, X, n); geluErfBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_geluTanhF32(n: i32, bytes: i32): bool {
  geluTanhElementwiseF32(OUT, X, n); geluTanhElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  geluTanhBackwardF32(OUT, G, X, n); geluTanhBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_geluTanhF64(n: i32, bytes: i32): bool {
  geluTanhElementwiseF64(OUT, X, n); geluTanhElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  geluTanhBackwardF64(OUT, G, X, n); geluTanhBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_sigmoidF32(n: i32, bytes: i32): bool {
  sigmoidElementwiseF32(OUT, X, n); sigmoidElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  sigmoidBackwardF32(OUT, G, X, n); sigmoidBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_sigmoidF64(n: i32, bytes: i32): bool {
  sigmoidElementwiseF64(OUT, X, n); sigmoidElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  sigmoidBackwardF64(OUT, G, X, n); sigmoidBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_tanhF32(n: i32, bytes: i32): bool {
  tanhElementwiseF32(OUT, X, n); tanhElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  tanhBackwardF32(OUT, G, X, n); tanhBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_tanhF64(n: i32, bytes: i32): bool {
  tanhElementwiseF64(OUT, X, n); tanhElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  tanhBackwardF64(OUT, G, X, n); tanhBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_softplusF32_1_20(n: i32, bytes: i32): bool {
  softplusElementwiseF32(OUT, X, n, 1,20); softplusElementwiseF32Ref(OUT_REF, X, n, 1,20);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  softplusBackwardF32(OUT, G, X, n, 1,20); softplusBackwardF32Ref(OUT_REF, G, X, n, 1,20);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_softplusF32_2p5_3(n: i32, bytes: i32): bool {
  softplusElementwiseF32(OUT, X, n, 2.5,3); softplusElementwiseF32Ref(OUT_REF, X, n, 2.5,3);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  softplusBackwardF32(OUT, G, X, n, 2.5,3); softplusBackwardF32Ref(OUT_REF, G, X, n, 2.5,3);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_softplusF32_0p5_40(n: i32, bytes: i32): bool {
  softplusElementwiseF32(OUT, X, n, 0.5,40); softplusElementwiseF32Ref(OUT_REF, X, n, 0.5,40);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  softplusBackwardF32(OUT, G, X, n, 0.5,40); softplusBackwardF32Ref(OUT_REF, G, X, n, 0.5,40);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_softplusF64_1_20(n: i32, bytes: i32): bool {
  softplusElementwiseF64(OUT, X, n, 1,20); softplusElementwiseF64Ref(OUT_REF, X, n, 1,20);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  softplusBackwardF64(OUT, G, X, n, 1,20); softplusBackwardF64Ref(OUT_REF, G, X, n, 1,20);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_softplusF64_2p5_3(n: i32, bytes: i32): bool {
  softplusElementwiseF64(OUT, X, n, 2.5,3); softplusElementwiseF64Ref(OUT_REF, X, n, 2.5,3);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  softplusBackwardF64(OUT, G, X, n, 2.5,3); softplusBackwardF64Ref(OUT_REF, G, X, n, 2.5,3);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_softplusF64_0p5_40(n: i32, bytes: i32): bool {
  softplusElementwiseF64(OUT, X, n, 0.5,40); softplusElementwiseF64Ref(OUT_REF, X, n, 0.5,40);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  softplusBackwardF64(OUT, G, X, n, 0.5,40); softplusBackwardF64Ref(OUT_REF, G, X, n, 0.5,40);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_siluF32(n: i32, bytes: i32): bool {
  siluElementwiseF32(OUT, X, n); siluElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  siluBackwardF32(OUT, G, X, n); siluBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_siluF64(n: i32, bytes: i32): bool {
  siluElementwiseF64(OUT, X, n); siluElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  siluBackwardF64(OUT, G, X, n); siluBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_logSigmoidF32(n: i32, bytes: i32): bool {
  logSigmoidElementwiseF32(OUT, X, n); logSigmoidElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  logSigmoidBackwardF32(OUT, G, X, n); logSigmoidBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_logSigmoidF64(n: i32, bytes: i32): bool {
  logSigmoidElementwiseF64(OUT, X, n); logSigmoidElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  logSigmoidBackwardF64(OUT, G, X, n); logSigmoidBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_negF32(n: i32, bytes: i32): bool {
  negElementwiseF32(OUT, X, n); negElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  negBackwardF32(OUT, G, X, n); negBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_negF64(n: i32, bytes: i32): bool {
  negElementwiseF64(OUT, X, n); negElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  negBackwardF64(OUT, G, X, n); negBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_squareF32(n: i32, bytes: i32): bool {
  squareElementwiseF32(OUT, X, n); squareElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  squareBackwardF32(OUT, G, X, n); squareBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_squareF64(n: i32, bytes: i32): bool {
  squareElementwiseF64(OUT, X, n); squareElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  squareBackwardF64(OUT, G, X, n); squareBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_signF32(n: i32, bytes: i32): bool {
  signElementwiseF32(OUT, X, n); signElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  signBackwardF32(OUT, G, X, n); signBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_signF64(n: i32, bytes: i32): bool {
  signElementwiseF64(OUT, X, n); signElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  signBackwardF64(OUT, G, X, n); signBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_reciprocalF32(n: i32, bytes: i32): bool {
  reciprocalElementwiseF32(OUT, X, n); reciprocalElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  reciprocalBackwardF32(OUT, G, X, n); reciprocalBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_reciprocalF64(n: i32, bytes: i32): bool {
  reciprocalElementwiseF64(OUT, X, n); reciprocalElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  reciprocalBackwardF64(OUT, G, X, n); reciprocalBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_sinF32(n: i32, bytes: i32): bool {
  sinElementwiseF32(OUT, X, n); sinElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  sinBackwardF32(OUT, G, X, n); sinBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_sinF64(n: i32, bytes: i32): bool {
  sinElementwiseF64(OUT, X, n); sinElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  sinBackwardF64(OUT, G, X, n); sinBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_cosF32(n: i32, bytes: i32): bool {
  cosElementwiseF32(OUT, X, n); cosElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  cosBackwardF32(OUT, G, X, n); cosBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_cosF64(n: i32, bytes: i32): bool {
  cosElementwiseF64(OUT, X, n); cosElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  cosBackwardF64(OUT, G, X, n); cosBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_expm1F32(n: i32, bytes: i32): bool {
  expm1ElementwiseF32(OUT, X, n); expm1ElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  expm1BackwardF32(OUT, G, X, n); expm1BackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_expm1F64(n: i32, bytes: i32): bool {
  expm1ElementwiseF64(OUT, X, n); expm1ElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  expm1BackwardF64(OUT, G, X, n); expm1BackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_log1pF32(n: i32, bytes: i32): bool {
  log1pElementwiseF32(OUT, X, n); log1pElementwiseF32Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  log1pBackwardF32(OUT, G, X, n); log1pBackwardF32Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_log1pF64(n: i32, bytes: i32): bool {
  log1pElementwiseF64(OUT, X, n); log1pElementwiseF64Ref(OUT_REF, X, n);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  log1pBackwardF64(OUT, G, X, n); log1pBackwardF64Ref(OUT_REF, G, X, n);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF32_2(n: i32, bytes: i32): bool {
  powScalarElementwiseF32(OUT, X, n, 2); powScalarElementwiseF32Ref(OUT_REF, X, n, 2);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF32(OUT, G, X, n, 2); powScalarBackwardF32Ref(OUT_REF, G, X, n, 2);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF32_0p5(n: i32, bytes: i32): bool {
  powScalarElementwiseF32(OUT, X, n, 0.5); powScalarElementwiseF32Ref(OUT_REF, X, n, 0.5);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF32(OUT, G, X, n, 0.5); powScalarBackwardF32Ref(OUT_REF, G, X, n, 0.5);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF32_3(n: i32, bytes: i32): bool {
  powScalarElementwiseF32(OUT, X, n, 3); powScalarElementwiseF32Ref(OUT_REF, X, n, 3);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF32(OUT, G, X, n, 3); powScalarBackwardF32Ref(OUT_REF, G, X, n, 3);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF32_m1(n: i32, bytes: i32): bool {
  powScalarElementwiseF32(OUT, X, n, -1); powScalarElementwiseF32Ref(OUT_REF, X, n, -1);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF32(OUT, G, X, n, -1); powScalarBackwardF32Ref(OUT_REF, G, X, n, -1);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF32_m2(n: i32, bytes: i32): bool {
  powScalarElementwiseF32(OUT, X, n, -2); powScalarElementwiseF32Ref(OUT_REF, X, n, -2);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF32(OUT, G, X, n, -2); powScalarBackwardF32Ref(OUT_REF, G, X, n, -2);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF32_m0p5(n: i32, bytes: i32): bool {
  powScalarElementwiseF32(OUT, X, n, -0.5); powScalarElementwiseF32Ref(OUT_REF, X, n, -0.5);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF32(OUT, G, X, n, -0.5); powScalarBackwardF32Ref(OUT_REF, G, X, n, -0.5);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF32_1(n: i32, bytes: i32): bool {
  powScalarElementwiseF32(OUT, X, n, 1); powScalarElementwiseF32Ref(OUT_REF, X, n, 1);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF32(OUT, G, X, n, 1); powScalarBackwardF32Ref(OUT_REF, G, X, n, 1);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF32_0(n: i32, bytes: i32): bool {
  powScalarElementwiseF32(OUT, X, n, 0); powScalarElementwiseF32Ref(OUT_REF, X, n, 0);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF32(OUT, G, X, n, 0); powScalarBackwardF32Ref(OUT_REF, G, X, n, 0);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF32_1p7(n: i32, bytes: i32): bool {
  powScalarElementwiseF32(OUT, X, n, 1.7); powScalarElementwiseF32Ref(OUT_REF, X, n, 1.7);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF32(OUT, G, X, n, 1.7); powScalarBackwardF32Ref(OUT_REF, G, X, n, 1.7);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF32_m2p3(n: i32, bytes: i32): bool {
  powScalarElementwiseF32(OUT, X, n, -2.3); powScalarElementwiseF32Ref(OUT_REF, X, n, -2.3);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF32(OUT, G, X, n, -2.3); powScalarBackwardF32Ref(OUT_REF, G, X, n, -2.3);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF64_2(n: i32, bytes: i32): bool {
  powScalarElementwiseF64(OUT, X, n, 2); powScalarElementwiseF64Ref(OUT_REF, X, n, 2);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF64(OUT, G, X, n, 2); powScalarBackwardF64Ref(OUT_REF, G, X, n, 2);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF64_0p5(n: i32, bytes: i32): bool {
  powScalarElementwiseF64(OUT, X, n, 0.5); powScalarElementwiseF64Ref(OUT_REF, X, n, 0.5);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF64(OUT, G, X, n, 0.5); powScalarBackwardF64Ref(OUT_REF, G, X, n, 0.5);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF64_3(n: i32, bytes: i32): bool {
  powScalarElementwiseF64(OUT, X, n, 3); powScalarElementwiseF64Ref(OUT_REF, X, n, 3);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF64(OUT, G, X, n, 3); powScalarBackwardF64Ref(OUT_REF, G, X, n, 3);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF64_m1(n: i32, bytes: i32): bool {
  powScalarElementwiseF64(OUT, X, n, -1); powScalarElementwiseF64Ref(OUT_REF, X, n, -1);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF64(OUT, G, X, n, -1); powScalarBackwardF64Ref(OUT_REF, G, X, n, -1);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF64_m2(n: i32, bytes: i32): bool {
  powScalarElementwiseF64(OUT, X, n, -2); powScalarElementwiseF64Ref(OUT_REF, X, n, -2);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF64(OUT, G, X, n, -2); powScalarBackwardF64Ref(OUT_REF, G, X, n, -2);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF64_m0p5(n: i32, bytes: i32): bool {
  powScalarElementwiseF64(OUT, X, n, -0.5); powScalarElementwiseF64Ref(OUT_REF, X, n, -0.5);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF64(OUT, G, X, n, -0.5); powScalarBackwardF64Ref(OUT_REF, G, X, n, -0.5);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF64_1(n: i32, bytes: i32): bool {
  powScalarElementwiseF64(OUT, X, n, 1); powScalarElementwiseF64Ref(OUT_REF, X, n, 1);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF64(OUT, G, X, n, 1); powScalarBackwardF64Ref(OUT_REF, G, X, n, 1);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF64_0(n: i32, bytes: i32): bool {
  powScalarElementwiseF64(OUT, X, n, 0); powScalarElementwiseF64Ref(OUT_REF, X, n, 0);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF64(OUT, G, X, n, 0); powScalarBackwardF64Ref(OUT_REF, G, X, n, 0);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF64_1p7(n: i32, bytes: i32): bool {
  powScalarElementwiseF64(OUT, X, n, 1.7); powScalarElementwiseF64Ref(OUT_REF, X, n, 1.7);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF64(OUT, G, X, n, 1.7); powScalarBackwardF64Ref(OUT_REF, G, X, n, 1.7);
  return sameBits(OUT, OUT_REF, n * bytes);
}
function agree_powScalarF64_m2p3(n: i32, bytes: i32): bool {
  powScalarElementwiseF64(OUT, X, n, -2.3); powScalarElementwiseF64Ref(OUT_REF, X, n, -2.3);
  if (!sameBits(OUT, OUT_REF, n * bytes)) return false;
  powScalarBackwardF64(OUT, G, X, n, -2.3); powScalarBackwardF64Ref(OUT_REF, G, X, n, -2.3);
  return sameBits(OUT, OUT_REF, n * bytes);
}

describe("activation and pointwise kernels", () => {
  it("match their Ref siblings bit for bit: relu (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_reluF32)).toBe(0);
    expect(sweep(8, agree_reluF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: leakyRelu (forward and backward, f32 and f64, parameters 0.01 / -2.5)", () => {
    expect(sweep(4, agree_leakyReluF32_0p01)).toBe(0);
    expect(sweep(4, agree_leakyReluF32_m2p5)).toBe(0);
    expect(sweep(8, agree_leakyReluF64_0p01)).toBe(0);
    expect(sweep(8, agree_leakyReluF64_m2p5)).toBe(0);
  });
  it("match their Ref siblings bit for bit: elu (forward and backward, f32 and f64, parameters 1 / 0.3)", () => {
    expect(sweep(4, agree_eluF32_1)).toBe(0);
    expect(sweep(4, agree_eluF32_0p3)).toBe(0);
    expect(sweep(8, agree_eluF64_1)).toBe(0);
    expect(sweep(8, agree_eluF64_0p3)).toBe(0);
  });
  it("match their Ref siblings bit for bit: geluErf (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_geluErfF32)).toBe(0);
    expect(sweep(8, agree_geluErfF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: geluTanh (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_geluTanhF32)).toBe(0);
    expect(sweep(8, agree_geluTanhF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: sigmoid (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_sigmoidF32)).toBe(0);
    expect(sweep(8, agree_sigmoidF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: tanh (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_tanhF32)).toBe(0);
    expect(sweep(8, agree_tanhF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: softplus (forward and backward, f32 and f64, parameters 1,20 / 2.5,3 / 0.5,40)", () => {
    expect(sweep(4, agree_softplusF32_1_20)).toBe(0);
    expect(sweep(4, agree_softplusF32_2p5_3)).toBe(0);
    expect(sweep(4, agree_softplusF32_0p5_40)).toBe(0);
    expect(sweep(8, agree_softplusF64_1_20)).toBe(0);
    expect(sweep(8, agree_softplusF64_2p5_3)).toBe(0);
    expect(sweep(8, agree_softplusF64_0p5_40)).toBe(0);
  });
  it("match their Ref siblings bit for bit: silu (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_siluF32)).toBe(0);
    expect(sweep(8, agree_siluF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: logSigmoid (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_logSigmoidF32)).toBe(0);
    expect(sweep(8, agree_logSigmoidF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: neg (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_negF32)).toBe(0);
    expect(sweep(8, agree_negF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: square (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_squareF32)).toBe(0);
    expect(sweep(8, agree_squareF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: sign (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_signF32)).toBe(0);
    expect(sweep(8, agree_signF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: reciprocal (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_reciprocalF32)).toBe(0);
    expect(sweep(8, agree_reciprocalF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: sin (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_sinF32)).toBe(0);
    expect(sweep(8, agree_sinF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: cos (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_cosF32)).toBe(0);
    expect(sweep(8, agree_cosF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: expm1 (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_expm1F32)).toBe(0);
    expect(sweep(8, agree_expm1F64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: log1p (forward and backward, f32 and f64)", () => {
    expect(sweep(4, agree_log1pF32)).toBe(0);
    expect(sweep(8, agree_log1pF64)).toBe(0);
  });
  it("match their Ref siblings bit for bit: powScalar (forward and backward, f32 and f64, parameters 2 / 0.5 / 3 / -1 / -2 / -0.5 / 1 / 0 / 1.7 / -2.3)", () => {
    expect(sweep(4, agree_powScalarF32_2)).toBe(0);
    expect(sweep(4, agree_powScalarF32_0p5)).toBe(0);
    expect(sweep(4, agree_powScalarF32_3)).toBe(0);
    expect(sweep(4, agree_powScalarF32_m1)).toBe(0);
    expect(sweep(4, agree_powScalarF32_m2)).toBe(0);
    expect(sweep(4, agree_powScalarF32_m0p5)).toBe(0);
    expect(sweep(4, agree_powScalarF32_1)).toBe(0);
    expect(sweep(4, agree_powScalarF32_0)).toBe(0);
    expect(sweep(4, agree_powScalarF32_1p7)).toBe(0);
    expect(sweep(4, agree_powScalarF32_m2p3)).toBe(0);
    expect(sweep(8, agree_powScalarF64_2)).toBe(0);
    expect(sweep(8, agree_powScalarF64_0p5)).toBe(0);
    expect(sweep(8, agree_powScalarF64_3)).toBe(0);
    expect(sweep(8, agree_powScalarF64_m1)).toBe(0);
    expect(sweep(8, agree_powScalarF64_m2)).toBe(0);
    expect(sweep(8, agree_powScalarF64_m0p5)).toBe(0);
    expect(sweep(8, agree_powScalarF64_1)).toBe(0);
    expect(sweep(8, agree_powScalarF64_0)).toBe(0);
    expect(sweep(8, agree_powScalarF64_1p7)).toBe(0);
    expect(sweep(8, agree_powScalarF64_m2p3)).toBe(0);
  });

  it("write the canonical quiet NaN in the vector body and in the scalar tail", () => {
    for (let i = 0; i < 5; i++) store<f32>(X + (<usize>i << 2), NaN);
    for (let i = 0; i < 5; i++) store<u32>(X + (<usize>i << 2), 0xffc00001); // a negative NaN with a payload
    sigmoidElementwiseF32(OUT, X, 5);
    expect(load<u32>(OUT)).toBe(0x7fc00000);
    expect(load<u32>(OUT + 16)).toBe(0x7fc00000);
    negElementwiseF32(OUT, X, 5);
    expect(load<u32>(OUT + 4)).toBe(0x7fc00000);
    store<u64>(X, 0xfff8000000000001);
    store<u64>(X + 8, 0xfff8000000000001);
    store<u64>(X + 16, 0xfff8000000000001);
    reluElementwiseF64(OUT, X, 3);
    expect(load<u64>(OUT)).toBe(0x7ff8000000000000);
    expect(load<u64>(OUT + 16)).toBe(0x7ff8000000000000);
  });

  it("work in place (out = x, gradX = gradY)", () => {
    fill(X, 17, 4, 5, 3);
    fill(G, 17, 4, 6, 3);
    siluElementwiseF32(OUT_REF, X, 17);
    memory.copy(OUT, X, 68);
    siluElementwiseF32(OUT, OUT, 17);
    expect(sameBits(OUT, OUT_REF, 68)).toBe(true);
    siluBackwardF32(OUT_REF, G, X, 17);
    memory.copy(OUT, G, 68);
    siluBackwardF32(OUT, OUT, X, 17);
    expect(sameBits(OUT, OUT_REF, 68)).toBe(true);
  });

  it("give relu′(0) = 0, relu′(NaN)·g = g and relu(−3) = 0 as torch", () => {
    store<f32>(X, 0); store<f32>(X + 4, NaN); store<f32>(X + 8, -3); store<f32>(X + 12, 2);
    for (let i = 0; i < 4; i++) store<f32>(G + (<usize>i << 2), 5);
    reluBackwardF32(OUT, G, X, 4);
    expect(f32At(OUT, 0)).toBe(0);
    expect(f32At(OUT, 1)).toBe(5);
    expect(f32At(OUT, 2)).toBe(0);
    expect(f32At(OUT, 3)).toBe(5);
    reluElementwiseF32(OUT, X, 4);
    expect(f32At(OUT, 2)).toBe(0);
    expect(isNaN(f32At(OUT, 1))).toBe(true);
  });

  it("raise tensors to tensor powers with torch's edge cases, and give pow's two gradients", () => {
    store<f64>(X, 0); store<f64>(X + 8, -8); store<f64>(X + 16, NaN); store<f64>(X + 24, 2);
    store<f64>(G, -1); store<f64>(G + 8, 1.0 / 3); store<f64>(G + 16, 0); store<f64>(G + 24, 10);
    powF64(OUT, X, G, 4);
    expect(f64At(OUT, 0)).toBe(Infinity);
    expect(isNaN(f64At(OUT, 1))).toBe(true);
    expect(f64At(OUT, 2)).toBe(1);
    expect(f64At(OUT, 3)).toBe(1024);
    const ones = buffer(4, 8);
    for (let i = 0; i < 4; i++) store<f64>(ones + (<usize>i << 3), 1);
    const gb = buffer(4, 8);
    powBackwardF64(OUT_REF, gb, ones, X, G, OUT, 4);
    expect(f64At(OUT_REF, 3)).toBe(10 * 512);
    expect(f64At(gb, 3)).toBe(1024 * Math.log(2));
    expect(f64At(OUT_REF, 2)).toBe(0); // exponent 0: zero gradient for the base
    const a32 = buffer(4, 4), b32 = buffer(4, 4), y32 = buffer(4, 4);
    store<f32>(a32, 2); store<f32>(b32, 0.5);
    powF32(y32, a32, b32, 1);
    expect(f32At(y32, 0)).toBe(<f32>Math.SQRT2);
    powBackwardF32(OUT, OUT_REF, ones, a32, b32, y32, 0); // n = 0 touches nothing
  });
});
