/**
 * Gradient rows for one embedding table, kept only for the rows a batch touched. `ids[k]` is the
 * table row whose gradient sits at `values[k*width ...]`. Reused across steps: reset() clears
 * only what the last step touched, so a step costs O(touched rows), not O(table).
 */
export class RowGradients {
  private readonly slotOf: Int32Array;
  private idBuf: Int32Array;
  private valueBuf: Float32Array;
  count = 0;

  constructor(readonly numRows: number, readonly width: number) {
    this.slotOf = new Int32Array(numRows).fill(-1);
    const cap = Math.min(numRows, 1024);
    this.idBuf = new Int32Array(cap);
    this.valueBuf = new Float32Array(cap * width);
  }

  get ids(): Int32Array {
    return this.idBuf.subarray(0, this.count);
  }

  get values(): Float32Array {
    return this.valueBuf.subarray(0, this.count * this.width);
  }

  reset(): void {
    for (let k = 0; k < this.count; k++) this.slotOf[this.idBuf[k]!] = -1;
    this.valueBuf.fill(0, 0, this.count * this.width);
    this.count = 0;
  }

  /** Offset of row `id` in `values`, allocating a zeroed slot on first use. */
  offsetOf(id: number): number {
    let slot = this.slotOf[id]!;
    if (slot < 0) {
      if (this.count === this.idBuf.length) this.grow();
      slot = this.count++;
      this.slotOf[id] = slot;
      this.idBuf[slot] = id;
    }
    return slot * this.width;
  }

  /** values[id] += scale * src[srcOffset .. srcOffset + width]. */
  add(id: number, src: Float32Array, srcOffset: number, scale = 1): void {
    const off = this.offsetOf(id);
    const v = this.valueBuf;
    for (let j = 0; j < this.width; j++) v[off + j]! += scale * src[srcOffset + j]!;
  }

  /** Adds a [ids.length x width] gradient block, row k belonging to table row ids[k]. */
  addRows(ids: ArrayLike<number>, src: Float32Array): void {
    for (let k = 0; k < ids.length; k++) this.add(ids[k]!, src, k * this.width);
  }

  private grow(): void {
    const cap = Math.min(this.numRows, this.idBuf.length * 2);
    const ids = new Int32Array(cap);
    ids.set(this.idBuf);
    const vals = new Float32Array(cap * this.width);
    vals.set(this.valueBuf);
    this.idBuf = ids;
    this.valueBuf = vals;
  }
}
