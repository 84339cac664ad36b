/**
 * An embedding table: `num` rows of `width` floats in one Float32Array. The storage sits on a
 * SharedArrayBuffer so worker threads can read and update rows without copying.
 */
export class Embedding {
  readonly data: Float32Array;

  constructor(readonly num: number, readonly width: number, data?: Float32Array) {
    if (data) {
      if (data.length !== num * width) throw new Error(`embedding data has ${data.length} floats, expected ${num}x${width}`);
      this.data = data;
    } else {
      this.data = new Float32Array(new SharedArrayBuffer(num * width * 4));
    }
  }

  row(i: number): Float32Array {
    return this.data.subarray(i * this.width, (i + 1) * this.width);
  }

  /** Copies rows `ids` into `out` (ids.length x width), the gather every engine starts from. */
  gather(ids: ArrayLike<number>, out = new Float32Array(ids.length * this.width)): Float32Array {
    const w = this.width;
    for (let i = 0; i < ids.length; i++) {
      const s = ids[i]! * w;
      out.set(this.data.subarray(s, s + w), i * w);
    }
    return out;
  }

  snapshot(): Float32Array {
    return this.data.slice();
  }

  restore(values: Float32Array): void {
    this.data.set(values);
  }
}
