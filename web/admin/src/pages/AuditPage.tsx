import { useState } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { PagedTable } from '../components/PagedTable';
import { shortId, when } from '../format';

type Entry = Schemas['AuditEntryDto'];
type Entity = Schemas['AuditEntity'];
const entities: Entity[] = [
  'QUESTION', 'CATEGORY', 'POOL', 'EXAM', 'ATTEMPT', 'RANKING', 'REWARD', 'COUPON_CAMPAIGN', 'BROADCAST', 'COURSE', 'LESSON',
  'MEDIA_UPLOAD', 'EXPORT',
];
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every admin change, newest first: who, when, what, on which entity; filter by kind and id. */
export default function AuditPage() {
  const [entity, setEntity] = useState<Entity | ''>('');
  const [id, setId] = useState('');
  const entityId = guid.test(id.trim()) ? id.trim() : undefined;
  return (
    <section>
      <h1>Audit log</h1>
      <div className="card row">
        <label>
          Entity
          <select value={entity} onChange={(e) => setEntity(e.target.value as Entity | '')}>
            <option value="">all</option>
            {entities.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
        <label style={{ flex: 1 }}>
          Entity id
          <input value={id} placeholder="an id, to see one thing's history" onChange={(e) => setId(e.target.value)} />
        </label>
        {id.trim() && !entityId && <span className="problem-code">not an id</span>}
      </div>
      <PagedTable<Entry>
        queryKey={['audit', entity, entityId]}
        pageSize={50}
        load={async (offset, limit) =>
          (await unwrap(api.GET('/api/learning/admin/audit', {
            params: { query: { entity: entity || undefined, id: entityId, Offset: offset, Limit: limit } },
          }))).entries ?? []
        }
        rowKey={(e) => e.id!}
        empty="No admin change recorded."
        columns={[
          { header: 'When', cell: (e) => when(e.at, true) },
          { header: 'Admin', cell: (e) => <span className="mono" title={e.actorId}>{shortId(e.actorId)}</span> },
          { header: 'Action', cell: (e) => <code>{e.action}</code> },
          { header: 'Entity', cell: (e) => <span className="badge">{e.entity}</span> },
          {
            header: 'Id',
            cell: (e) => (
              <button type="button" className="mono" title="Show this entity's history" onClick={() => { setEntity(e.entity!); setId(e.entityId!); }}>
                {shortId(e.entityId)}
              </button>
            ),
          },
          {
            header: 'Details',
            cell: (e) => (e.details == null ? '—' : <code style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(e.details)}</code>),
          },
        ]}
      />
    </section>
  );
}
