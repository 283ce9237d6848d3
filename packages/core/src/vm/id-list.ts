// A few values by numeric id, for what lives briefly and only a few at a time: the runs
// executing, the proposals awaiting their acknowledgement. Two arrays instead of a Map: a Map
// that a delete leaves empty reallocates its table, which here happened on every ctx.run step.
export class IdList<V> {
  private readonly ids: number[] = [];
  private readonly values: V[] = [];

  get(id: number): V | undefined {
    const i = this.ids.indexOf(id);
    return i < 0 ? undefined : this.values[i];
  }

  has(id: number): boolean {
    return this.ids.indexOf(id) >= 0;
  }

  set(id: number, value: V): void {
    const i = this.ids.indexOf(id);
    if (i >= 0) {
      this.values[i] = value;
      return;
    }
    this.ids.push(id);
    this.values.push(value);
  }

  delete(id: number): void {
    const i = this.ids.indexOf(id);
    if (i < 0) return;
    // Order does not matter: the last entry takes the freed place.
    const last = this.ids.length - 1;
    this.ids[i] = this.ids[last]!;
    this.values[i] = this.values[last]!;
    this.ids.pop();
    this.values.pop();
  }
}
