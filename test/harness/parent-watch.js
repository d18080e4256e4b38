"use strict";
// Preloaded (`node --require`) into every provider host the harness starts: ends the host when the
// harness process that spawned it goes away (its stdin pipe closes), so a killed test worker never
// leaves a host behind. The host itself is unchanged: same entry point, same arguments.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
