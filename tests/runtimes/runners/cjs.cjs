// Runs the battery against the CommonJS build (require("dist/stochasm.cjs")) in Node and prints one JSON line.
//   node tests/runtimes/runners/cjs.cjs [path of another stochasm.cjs]
// The battery is an ES module; CommonJS loads it with dynamic import and passes the required namespace in.
const stochasm = require(process.argv[2] ?? "../../../dist/stochasm.cjs");

(async () => {
  const { runBattery } = await import("../battery/battery.mjs");
  const builds = [];
  for (const simd of [true, false]) builds.push(await runBattery(stochasm, { simd }));
  console.log(`BATTERY ${JSON.stringify(builds)}`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
