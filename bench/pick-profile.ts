import { timed } from './engine-driver';
import { nsPerOp } from './lib';
const name = process.argv[2] as 'p2c-peak-ewma';
const n = Number(process.argv[3]);
const f = timed(name, false, n);
f(20000);
let best = Infinity;
for (let r = 0; r < 15; r++) best = Math.min(best, nsPerOp(f, 200_000, 1));
console.log(name, n, best.toFixed(1));
