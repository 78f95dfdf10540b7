// Drops the `…Ref` reference kernels from the shipped builds. Every SIMD kernel keeps a plain `…Ref`
// sibling that the as-pect specs compare it with bit for bit (tests/assembly/, compiled from the sources);
// the SDK never calls them, yet `export *` in assembly/index.ts exports them. Removing those exports and the
// functions nothing else reaches (Binaryen's remove-unused-module-elements, no other pass: the remaining code
// is unchanged) makes the SIMD build 13 % smaller. A wasm export the SDK calls that ends in "Ref" would be
// caught by every test using it. Run by `npm run build:wasm` after asc; rewrites build/stochasm.*.wasm.
import binaryen from "binaryen";
import { readFileSync, writeFileSync } from "node:fs";

const REFERENCE = /Ref(F32|F64|I32|U64)?$|Ref[A-Z]/;

for (const build of ["simd", "scalar"]) {
  const file = `build/stochasm.${build}.wasm`;
  const before = readFileSync(file);
  const module = binaryen.readBinary(before);
  const F = binaryen.Features;
  module.setFeatures(F.MVP | F.MutableGlobals | F.SignExt | F.NontrappingFPToInt | F.BulkMemory | (build === "simd" ? F.SIMD128 : 0));
  const names = [];
  for (let i = 0; i < module.getNumExports(); i++) names.push(binaryen.getExportInfo(module.getExportByIndex(i)).name);
  const dropped = names.filter((name) => REFERENCE.test(name));
  for (const name of dropped) module.removeExport(name);
  module.runPasses(["remove-unused-module-elements"]);
  if (!module.validate()) throw new Error(`${file}: invalid after removing the reference kernels`);
  const after = module.emitBinary();
  module.dispose();
  writeFileSync(file, after);
  console.log(`${file}: ${dropped.length} reference kernels dropped, ${before.length} → ${after.length} bytes`);
}
