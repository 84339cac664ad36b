/** One labelled triple `[head, relation, tail]` as produced by an offline builder. */
export type LabeledTriple = [string, string, string];

/** The three splits an offline builder produces. */
export interface OfflineSplits {
  train: LabeledTriple[];
  valid: LabeledTriple[];
  test: LabeledTriple[];
}
