import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { PagedTable } from '../components/PagedTable';
import { when } from '../format';

type Learner = Schemas['LearnerSummaryDto'];
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The learner lookup: any part of a display name, or a learner id (the token's sub), which opens their page. */
export default function LearnersPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const [text, setText] = useState(search);

  const submit = () => {
    const value = text.trim();
    if (guid.test(value)) {
      // An id opens the page even when the learning service holds no name for it.
      void navigate(`/learners/${value.toLowerCase()}`);
      return;
    }
    setParams(value ? { search: value } : {});
  };

  return (
    <section>
      <h1>Learners</h1>
      <form
        className="card row"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label style={{ flex: 1 }}>
          Name or learner id
          <input value={text} maxLength={100} placeholder="e.g. Ada, or a learner id" onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={text.trim().length < 2}>
          Search
        </button>
      </form>
      <p>
        E-mail addresses are not searchable here: the token server keeps them. Names match any part, in any case.
      </p>
      {search.length >= 2 && (
        <PagedTable<Learner>
          queryKey={['learners', search]}
          load={async (offset, limit) =>
            (await unwrap(api.GET('/api/learning/admin/learners', { params: { query: { Search: search, Offset: offset, Limit: limit } } })))
              .learners ?? []
          }
          rowKey={(l) => l.learnerId!}
          empty={`No learner's name contains "${search}".`}
          columns={[
            { header: 'Name', cell: (l) => <Link to={`/learners/${l.learnerId}`}>{l.displayName}</Link> },
            { header: 'Learner id', cell: (l) => <code>{l.learnerId}</code> },
            { header: 'Name updated', cell: (l) => when(l.updatedAt) },
          ]}
        />
      )}
    </section>
  );
}
