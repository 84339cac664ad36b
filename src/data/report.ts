/** What loading a dataset kept and dropped, per split. Data, so a run can store it as JSON. */

export type SplitName = 'training' | 'validation' | 'testing';

export interface SplitReport {
  split: SplitName;
  /** File (or description) the split came from. */
  source: string;
  /** Non-blank lines / triples read. */
  triplesRead: number;
  /** Triples in the factory after dropping (triplesRead - droppedUnseen - duplicatesRemoved). */
  kept: number;
  /** Exact repeats of an earlier triple of the same split, removed. */
  duplicatesRemoved: number;
  /** Triples dropped because their head, relation or tail never occurs in training. */
  droppedUnseen: number;
  /** Distinct entity labels of this split that never occur in training. */
  unseenEntities: number;
  /** Distinct relation labels of this split that never occur in training. */
  unseenRelations: number;
  unseenEntityLabels: string[];
  unseenRelationLabels: string[];
  /** Kept triples that also occur in training (information only; they are not removed). */
  alsoInTraining: number;
}

/** The report of a split that nothing was dropped from; `extra` fills in what differs. */
export function cleanSplitReport(split: SplitName, source: string, count: number, extra: Partial<SplitReport> = {}): SplitReport {
  return {
    split,
    source,
    triplesRead: count,
    kept: count,
    duplicatesRemoved: 0,
    droppedUnseen: 0,
    unseenEntities: 0,
    unseenRelations: 0,
    unseenEntityLabels: [],
    unseenRelationLabels: [],
    alsoInTraining: 0,
    ...extra,
  };
}

export interface LoadReport {
  dataset: string;
  /** Entities and relations known to the model: those of the training split. */
  numEntities: number;
  numRelations: number;
  numBaseRelations: number;
  /** Distinct entity labels over all splits, before dropping (the number papers usually publish). */
  entitiesAllSplits: number;
  createInverseTriples: boolean;
  splits: SplitReport[];
  /**
   * Problems that did not stop loading, each naming its file (and line): a first line that looks
   * like a header, an evaluation split with no triples left. Printed by `loadDataset` unless quiet.
   */
  warnings: string[];
}

export const EMPTY_SPLIT_CONSEQUENCE = 'evaluation on it has no triples and its metrics will be NaN';

/**
 * The warning for an evaluation split that holds no triples, or undefined. Ranking metrics over
 * no triples are NaN, so without this a run would end with NaN metrics and no hint why.
 */
export function emptySplitWarning(s: SplitReport): string | undefined {
  if (s.split === 'training' || s.kept > 0) return undefined;
  if (s.triplesRead === 0) return `${s.split} split ${s.source} has no triples (empty, or only blank lines); ${EMPTY_SPLIT_CONSEQUENCE}`;
  if (s.droppedUnseen > 0) {
    return (
      `${s.split} split ${s.source} is empty after dropping all ${s.droppedUnseen} of its ${s.triplesRead} triples whose labels never occur in training ` +
      `(${s.unseenEntities} distinct entities, ${s.unseenRelations} distinct relations, e.g. ${JSON.stringify([...s.unseenEntityLabels, ...s.unseenRelationLabels].slice(0, 3))}); ` +
      `${EMPTY_SPLIT_CONSEQUENCE}. Check that it uses the training file's labels, delimiter and column order.`
    );
  }
  return `${s.split} split ${s.source} holds no triples; ${EMPTY_SPLIT_CONSEQUENCE}`;
}

/** Human-readable lines, e.g. for the CLI and the run log. `report.warnings` are not included. */
export function formatLoadReport(report: LoadReport): string[] {
  const lines = [
    `dataset ${report.dataset}: ${report.numEntities} entities (${report.entitiesAllSplits} over all splits), ` +
      `${report.numBaseRelations} relations${report.createInverseTriples ? ` (+${report.numBaseRelations} inverse)` : ''}`,
  ];
  for (const s of report.splits) {
    let line = `  ${s.split}: ${s.kept} triples kept of ${s.triplesRead} read`;
    const notes: string[] = [];
    if (s.droppedUnseen > 0) {
      notes.push(
        `${s.droppedUnseen} dropped with labels unseen in training (${s.unseenEntities} distinct entities, ${s.unseenRelations} distinct relations)`,
      );
    }
    if (s.duplicatesRemoved > 0) notes.push(`${s.duplicatesRemoved} duplicates removed`);
    if (s.alsoInTraining > 0) notes.push(`${s.alsoInTraining} also occur in training`);
    if (notes.length) line += `; ${notes.join('; ')}`;
    lines.push(line);
  }
  return lines;
}
