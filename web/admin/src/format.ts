/** Dates as the admin reads them: local time, to the minute (seconds where a run's timing matters). */
export function when(value?: string | null, seconds = false): string {
  if (!value) return '—';
  const d = new Date(value);
  return d.toLocaleString(undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  });
}

export function shortId(id?: string | null): string {
  return id ? id.slice(0, 8) : '—';
}

/** A datetime-local input's value (local time) as an ISO instant, and back. */
export function fromLocalInput(value: string): string {
  return new Date(value).toISOString();
}

export function toLocalInput(value?: string | null): string {
  const d = value ? new Date(value) : new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
