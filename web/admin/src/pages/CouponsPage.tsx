import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { PagedTable } from '../components/PagedTable';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { shortId, when } from '../format';

type Campaign = Schemas['CouponCampaignDto'];

/** The API takes at most 64 KB per upload: a file is sent in parts of whole lines below that. */
const maxPartBytes = 60 * 1024;

interface Part {
  /** The file's line number of the part's first line, minus one: the API numbers each upload's lines from 1. */
  firstLine: number;
  text: string;
}

/** Cuts a CSV file into parts of whole lines under the upload limit, keeping each line's number in the file. */
export function splitCsv(text: string): Part[] {
  const lines = text.split(/\r?\n/);
  const parts: Part[] = [];
  const encoder = new TextEncoder();
  let current: string[] = [];
  let bytes = 0;
  let firstLine = 0;
  lines.forEach((line, index) => {
    const size = encoder.encode(line).length + 1;
    if (current.length > 0 && bytes + size > maxPartBytes) {
      parts.push({ firstLine, text: current.join('\n') + '\n' });
      current = [];
      bytes = 0;
      firstLine = index;
    }
    current.push(line);
    bytes += size;
  });
  if (current.some((l) => l.trim() !== '')) parts.push({ firstLine, text: current.join('\n') + '\n' });
  return parts;
}

interface ImportTotals {
  imported: number;
  duplicateLines: number[];
  invalidLines: number[];
  available: number;
}

/** Coupon campaigns with their stock; a new campaign; CSV stock import with per-line errors (codes are never shown). */
export default function CouponsPage() {
  const [selected, setSelected] = useState<Campaign | null>(null);
  return (
    <section>
      <h1>Coupons</h1>
      <CreateCampaign onCreated={setSelected} />
      <ImportStock campaign={selected} onPick={setSelected} />
      <h2>Campaigns</h2>
      <PagedTable<Campaign>
        queryKey={['coupon-campaigns']}
        load={async (offset, limit) =>
          (await unwrap(api.GET('/api/learning/admin/coupon-campaigns', { params: { query: { Offset: offset, Limit: limit } } }))).campaigns ?? []
        }
        rowKey={(c) => c.id!}
        empty="No campaign yet: create one above."
        columns={[
          { header: 'Name', cell: (c) => <strong>{c.name}</strong> },
          { header: 'Id', cell: (c) => <code title={c.id}>{c.id}</code> },
          { header: 'Available', cell: (c) => <span data-testid="stock-available">{c.available}</span> },
          { header: 'Reserved', cell: (c) => c.reserved },
          { header: 'Used', cell: (c) => c.used },
          { header: 'Created', cell: (c) => when(c.createdAt) },
          {
            header: '',
            cell: (c) => (
              <button type="button" onClick={() => setSelected(c)} disabled={selected?.id === c.id}>
                {selected?.id === c.id ? 'Selected' : 'Import stock'}
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}

function CreateCampaign({ onCreated }: { onCreated: (campaign: Campaign) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/learning/admin/coupon-campaigns', { body: { name, description: description.trim() || undefined } })),
    onSuccess: (campaign) => {
      setName('');
      setDescription('');
      onCreated(campaign);
      void queryClient.invalidateQueries({ queryKey: ['coupon-campaigns'] });
    },
  });
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>New campaign</h2>
      <div className="row">
        <label>
          Name
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <label style={{ flex: 1 }}>
          Description
          <input value={description} maxLength={1000} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <button type="button" className="primary" disabled={!name.trim() || create.isPending} onClick={() => create.mutate()}>
          Create
        </button>
        {create.isPending && <Progress label="Creating" />}
      </div>
      <ProblemView error={create.error} />
      {create.data && (
        <div className="ok" role="status">
          Campaign {create.data.name} created (<code>{create.data.id}</code>): prize tiers point at this id; import its stock below.
        </div>
      )}
    </div>
  );
}

function ImportStock({ campaign, onPick }: { campaign: Campaign | null; onPick: (campaign: Campaign) => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const choices = useQuery({
    queryKey: ['coupon-campaigns', 'picker'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/learning/admin/coupon-campaigns', { params: { query: { Offset: 0, Limit: 100 } } }))).campaigns ?? [],
  });

  const upload = useMutation({
    mutationFn: async (): Promise<ImportTotals> => {
      const parts = splitCsv(await file!.text());
      const totals: ImportTotals = { imported: 0, duplicateLines: [], invalidLines: [], available: 0 };
      setProgress(0);
      for (const [i, part] of parts.entries()) {
        const result = await unwrap(
          api.POST('/api/learning/admin/coupon-campaigns/{campaignId}/coupons', {
            params: { path: { campaignId: campaign!.id! } },
            body: part.text as never,
            bodySerializer: (b: string) => b,
            headers: { 'Content-Type': 'text/csv; charset=utf-8' },
          }),
        );
        totals.imported += result.imported ?? 0;
        totals.duplicateLines.push(...(result.duplicateLines ?? []).map((line) => line + part.firstLine));
        totals.invalidLines.push(...(result.invalidLines ?? []).map((line) => line + part.firstLine));
        totals.available = result.available ?? totals.available;
        setProgress((i + 1) / parts.length);
      }
      return totals;
    },
    onSettled: () => {
      setProgress(undefined);
      void queryClient.invalidateQueries({ queryKey: ['coupon-campaigns'] });
    },
  });

  const problems = upload.data
    ? [
        ...upload.data.duplicateLines.map((line) => ({ line, problem: 'already in stock, or twice in the file (skipped)' })),
        ...upload.data.invalidLines.map((line) => ({ line, problem: 'not a usable code: over 64 characters or control characters' })),
      ].sort((a, b) => a.line - b.line)
    : [];

  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Import stock</h2>
      <p>
        A CSV file, one code per line (an optional header <code>code</code>; the first column is the code). Codes are encrypted
        on arrival and never shown again: problems are reported by line number only.
      </p>
      <div className="row">
        <label>
          Campaign
          <select
            aria-label="Campaign"
            value={campaign?.id ?? ''}
            onChange={(e) => {
              const picked = (choices.data ?? []).find((c) => c.id === e.target.value);
              if (picked) onPick(picked);
              upload.reset();
            }}
          >
            <option value="">—</option>
            {campaign && !(choices.data ?? []).some((c) => c.id === campaign.id) && <option value={campaign.id}>{campaign.name}</option>}
            {(choices.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.available} available)
              </option>
            ))}
          </select>
        </label>
        <label>
          CSV file
          <input
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              upload.reset();
            }}
          />
        </label>
        <button type="button" className="primary" disabled={!campaign || !file || upload.isPending} onClick={() => upload.mutate()}>
          Import{file ? ` ${file.name}` : ''}
        </button>
        {upload.isPending && <Progress label="Importing" value={progress} />}
      </div>
      <ProblemView error={upload.error} />
      {upload.data && (
        <div className="ok" role="status" data-testid="coupon-import-report">
          Imported {upload.data.imported} code{upload.data.imported === 1 ? '' : 's'} into {campaign?.name ?? shortId(campaign?.id)};{' '}
          {upload.data.available} available now
          {problems.length > 0 && `; ${problems.length} line${problems.length === 1 ? '' : 's'} not imported`}.
        </div>
      )}
      {problems.length > 0 && (
        <table data-testid="coupon-import-problems">
          <thead>
            <tr>
              <th>Line</th>
              <th>Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p) => (
              <tr key={p.line}>
                <td>{p.line}</td>
                <td>{p.problem}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
