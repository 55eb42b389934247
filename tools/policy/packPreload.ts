/**
 * Preloaded (`node -r`) into the policy pack process the gate starts, after
 * `ts-node/register/transpile-only`. Two differences from the Pulumi CLI's start, both about the
 * process rather than the policies:
 *
 * 1. @pulumi/pulumi's run-policy-pack registers ts-node with `typeCheck: true`, which type-checks
 *    the pack on every start (about 10 s on a 2-core machine, 5× the pack's own load time). The
 *    repository type-checks the pack with `tsc` in `make test`, so the gate hands run-policy-pack
 *    the transpile-only instance already registered instead of a second, type-checking one.
 * 2. The CLI kills its plugins when it exits; a gate killed by a signal cannot, so the pack exits
 *    by itself when its stdin, a pipe from the gate, closes.
 */
import * as tsNode from "ts-node";

const registered = (process as unknown as Record<symbol, tsNode.Service | undefined>)[
  tsNode.REGISTER_INSTANCE
];
if (registered === undefined) {
  throw new Error("packPreload must be loaded after ts-node/register/transpile-only");
}
// The module object is what run-policy-pack's `require("ts-node")` returns; its `register` is a
// plain, writable export.
(tsNode as unknown as { register: () => tsNode.Service }).register = () => registered;

process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
