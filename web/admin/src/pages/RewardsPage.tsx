import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { PagedTable } from '../components/PagedTable';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { shortId, when } from '../format';

type Reward = Schemas['AdminRewardDto'];
type Status = Schemas['RewardStatus'];
type Move = 'approve' | 'reject' | 'fulfill' | 'cancel';
const statuses: Status[] = ['REQUESTED', 'APPROVED', 'ASSIGNED', 'FULFILLED', 'REJECTED', 'CANCELLED'];

/** Which moves a reward in this status can take (the domain refuses the rest with 409 reward.invalid_transition). */
const moves: Record<Status, Move[]> = {
  ASSIGNED: ['cancel'],
  REQUESTED: ['approve', 'reject', 'cancel'],
  APPROVED: ['fulfill', 'cancel'],
  REJECTED: [],
  FULFILLED: [],
  CANCELLED: [],
};

/** The reward queue: claimed rewards to approve or reject, approved ones to fulfil; coupons are shown masked only. */
export default function RewardsPage() {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>('REQUESTED');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const act = useMutation({
    mutationFn: ({ reward, move }: { reward: Reward; move: Move }) => {
      const options = { params: { path: { rewardId: reward.id! } }, body: { reason: reason.trim() || undefined } };
      switch (move) {
        case 'approve':
          return unwrap(api.POST('/api/learning/admin/rewards/{rewardId}/approve', options));
        case 'reject':
          return unwrap(api.POST('/api/learning/admin/rewards/{rewardId}/reject', options));
        case 'fulfill':
          return unwrap(api.POST('/api/learning/admin/rewards/{rewardId}/fulfill', options));
        case 'cancel':
          return unwrap(api.POST('/api/learning/admin/rewards/{rewardId}/cancel', options));
      }
    },
    onSuccess: (reward) => {
      setDone(`Reward ${shortId(reward.id)} is now ${reward.status}.`);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: ['rewards'] });
    },
    onMutate: () => setDone(null),
  });

  return (
    <section>
      <h1>Reward queue</h1>
      <div className="card">
        <div className="row">
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
              {statuses.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label style={{ flex: 1 }}>
            Reason (required to reject or cancel; recorded with every move)
            <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </label>
          {act.isPending && <Progress label="Saving" />}
        </div>
        <ProblemView error={act.error} />
        {done && <div className="ok" role="status">{done}</div>}
      </div>
      <PagedTable<Reward>
        queryKey={['rewards', status]}
        load={async (offset, limit) =>
          (await unwrap(api.GET('/api/learning/admin/rewards', { params: { query: { status, Offset: offset, Limit: limit } } }))).rewards ?? []
        }
        rowKey={(r) => r.id!}
        empty={`No ${status} rewards.`}
        columns={[
          { header: 'Reward', cell: (r) => <span className="mono">{shortId(r.id)}</span> },
          { header: 'Learner', cell: (r) => <span className="mono">{shortId(r.learnerId)}</span> },
          { header: 'Exam', cell: (r) => <span className="mono">{shortId(r.examId)}</span> },
          { header: 'Status', cell: (r) => <span className="badge">{r.status}</span> },
          { header: 'Coupon', cell: (r) => <span className="mono" data-testid="masked-code">{r.maskedCode ?? '—'}</span> },
          { header: 'Changed', cell: (r) => when(r.updatedAt) },
          {
            header: 'Actions',
            cell: (r) => (
              <div className="row">
                {moves[r.status ?? 'CANCELLED'].map((move) => (
                  <button
                    key={move}
                    type="button"
                    className={move === 'reject' || move === 'cancel' ? 'danger' : move === 'approve' ? 'primary' : undefined}
                    disabled={act.isPending}
                    onClick={() => act.mutate({ reward: r, move })}
                  >
                    {move === 'fulfill' ? 'Fulfil' : move[0]!.toUpperCase() + move.slice(1)}
                  </button>
                ))}
              </div>
            ),
          },
        ]}
      />
    </section>
  );
}
