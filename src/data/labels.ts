/**
 * Interns labels into dense ids in first-seen order while a file is read, so the parser keeps
 * one string per distinct label instead of one per field. Final ids (sorted labels) are
 * assigned later by the triples factory.
 */
export class LabelIndex {
  readonly labels: string[] = [];
  readonly ids = new Map<string, number>();

  intern(label: string): number {
    let id = this.ids.get(label);
    if (id === undefined) {
      id = this.labels.length;
      this.ids.set(label, id);
      this.labels.push(label);
    }
    return id;
  }

  get size(): number {
    return this.labels.length;
  }
}
