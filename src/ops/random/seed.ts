// TF's random_seed.get_seed: the (seed, seed2) attrs of a random op from the graph-level
// seed (tf.setRandomSeed) and the op's own seed.
//
// With a graph seed but no op seed, TF 1.x used the graph's _last_id as the op seed;
// TF 2.x's tf.compat.v1 (our reference, 2.21) uses a per-graph counter instead: 0 for
// the first such op, 1 for the next, ... We follow 2.21 so that seeded graphs give the
// numbers today's TF gives.

import { getDefaultGraph, type Graph } from '../../framework/graph.js';

export const DEFAULT_GRAPH_SEED = 87654321;
const MAXINT32 = 2 ** 31 - 1;

/** Per-graph count of random ops that took their op seed from the counter. */
const opSeedCounters = new WeakMap<Graph, number>();

function truncateSeed(seed: number): number {
  // Python's seed % (2**31 - 1): always non-negative
  return ((seed % MAXINT32) + MAXINT32) % MAXINT32;
}

/**
 * The two seeds an op should use given its op seed (TF's random_seed.get_seed).
 * [0, 0] means "not seeded": the kernel then draws random seeds in each session.
 *
 * ```ts
 * tf.setRandomSeed(1);
 * tf.getSeed(undefined);   // [1, 0], then [1, 1], ...
 * tf.getSeed(5);           // [1, 5]
 * ```
 */
export function getSeed(opSeed?: number | null, graph: Graph = getDefaultGraph()): [number, number] {
  if (opSeed !== null && opSeed !== undefined && !Number.isSafeInteger(opSeed)) {
    throw new TypeError(`Expected int for argument 'seed' not ${opSeed}.`);
  }
  const globalSeed = graph.seed;
  let seeds: [number, number];
  if (globalSeed !== null && globalSeed !== undefined) {
    let s = opSeed;
    if (s === null || s === undefined) {
      s = opSeedCounters.get(graph) ?? 0;
      opSeedCounters.set(graph, s + 1);
    }
    seeds = [truncateSeed(globalSeed), truncateSeed(s)];
  } else if (opSeed !== null && opSeed !== undefined) {
    seeds = [DEFAULT_GRAPH_SEED, truncateSeed(opSeed)];
  } else {
    return [0, 0];
  }
  // (0, 0) would mean "unseeded" to the kernel
  if (seeds[0] === 0 && seeds[1] === 0) return [0, MAXINT32];
  return seeds;
}
