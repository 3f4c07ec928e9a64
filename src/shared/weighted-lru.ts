/**
 * A least-recently-used map bounded by the summed weight of its values (e.g. characters), not their count:
 * for caches whose entries differ in size by orders of magnitude, such as pages of a case timeline whose
 * notes may each run to 4,000 characters.
 */
export class WeightedLru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;

  /** `onRemoved`: told of every entry that leaves (evicted, replaced or deleted), e.g. to keep an index. */
  constructor(
    private readonly maxWeight: number,
    private readonly onRemoved?: (key: K, value: V) => void,
  ) {
    if (!(maxWeight > 0)) throw new Error(`a weighted LRU needs a positive budget, got ${maxWeight}`);
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the entry as most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps nothing heavier than the whole budget; evicts the least recently used until the rest fits. */
  set(key: K, value: V, weight: number): void {
    this.delete(key);
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const oldest of this.entries.keys()) {
      if (this.total <= this.maxWeight) break;
      this.delete(oldest);
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.weight;
    this.onRemoved?.(key, entry.value);
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.total;
  }
}
