/** A row of toggle buttons choosing what a breakdown is by; the choice lives in the URL. */
export function ByChoice<V extends string>(props: { label: string; values: readonly V[]; labels: Record<V, string>; current: V; onChoose: (value: V) => void }) {
  return (
    <div class="segmented" role="group" aria-label={props.label}>
      {props.values.map((v) => (
        <button type="button" key={v} aria-pressed={v === props.current} onClick={() => props.onChoose(v)}>
          {props.labels[v]}
        </button>
      ))}
    </div>
  );
}
