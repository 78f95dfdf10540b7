// Type-checked by tests/sdk/runtime/types.test.ts as a CommonJS consumer: the "require" condition gives the
// .d.cts declarations (an ES-module .d.ts would be refused: "cannot be imported with require").
import { initSync, key, normal, split, type Key } from "stochasm";
import edge = require("stochasm/module");

initSync();
const pair: [Key, Key] = split(key(1), 2);
const x = normal(pair[0], [2]);
x[Symbol.dispose]();
edge.memory();
