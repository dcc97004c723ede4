/** A long action in flight: a bar when the fraction is known (0..1), an indeterminate one otherwise. */
export function Progress({ label, value }: { label: string; value?: number }) {
  return (
    <div className="progress" role="status" aria-live="polite">
      <progress max={1} value={value} aria-label={label} />
      <span>
        {label}
        {value !== undefined && ` ${Math.round(value * 100)}%`}
      </span>
    </div>
  );
}
