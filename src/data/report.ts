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
}

/** Human-readable lines, e.g. for the CLI and the run log. */
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
