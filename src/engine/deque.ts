/**
 * Events of one group within a time window: appended in time order, dropped from the front when they fall
 * out of the window. Amortised O(1) per event (a head index instead of Array.shift, compacted now and then).
 */
export class WindowQueue<T extends { ts: number | undefined }> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Drops the items older than `cutoff`, calling `onDrop` for each (to keep running aggregates right). */
  dropBefore(cutoff: number, onDrop?: (item: T) => void): void {
    while (this.head < this.items.length && ((this.items[this.head] as T).ts as number) < cutoff) {
      onDrop?.(this.items[this.head] as T);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** The live items, oldest first. */
  toArray(): T[] {
    return this.items.slice(this.head);
  }

  /** The live items from the newest back. */
  *newestFirst(): Generator<T> {
    for (let k = this.items.length - 1; k >= this.head; k--) yield this.items[k] as T;
  }
}
