// cognate's own view of every message: where it is in the outbox state machine, its attempts and
// why it failed, and (for captured messages) what it said. `cognate doctor` reads this API.
//   GET /_cognate/messages?pool=&user=&status=&channel=&limit=   newest first
//   GET /_cognate/messages?id=<message id>                      one message with its attempts
import { sendJson, type Route } from '../kernel/route.js';
import type { Store } from '../store/store.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function statusRoutes(store: Store): Route[] {
  return [
    {
      method: 'GET',
      path: '/_cognate/messages',
      async handle(_req, res, url) {
        const p = url.searchParams;
        let q = store.db
          .selectFrom('messages')
          .leftJoin('mailbox', 'mailbox.id', 'messages.id')
          .select([
            'messages.id',
            'messages.account',
            'messages.region',
            'messages.pool_id',
            'messages.user_sub',
            'messages.activity',
            'messages.channel',
            'messages.destination',
            'messages.sender',
            'messages.subject',
            'messages.status',
            'messages.attempts',
            'messages.max_attempts',
            'messages.next_attempt_at',
            'messages.last_error',
            'messages.created_at',
            'messages.delivered_at',
            'mailbox.body_text as captured_text',
          ]);
        const id = p.get('id');
        if (id) q = q.where('messages.id', '=', id);
        const pool = p.get('pool');
        if (pool) q = q.where('messages.pool_id', '=', pool);
        const user = p.get('user');
        if (user) q = q.where('messages.user_sub', '=', user);
        const status = p.get('status');
        if (status) q = q.where('messages.status', '=', status);
        const channel = p.get('channel');
        if (channel === 'email' || channel === 'sms') q = q.where('messages.channel', '=', channel);
        const limit = Math.min(Math.max(Number(p.get('limit') ?? 100) || 100, 1), 1000);
        const rows = await q.orderBy('messages.created_at', 'desc').orderBy('messages.id').limit(limit).execute();
        const attempts =
          id && rows.length
            ? await store.db
                .selectFrom('message_attempts')
                .selectAll()
                .where('message_id', '=', id)
                .orderBy('attempt')
                .execute()
            : [];
        sendJson(res, 200, {
          messages: rows.map((r) => ({
            id: r.id,
            account: r.account,
            region: r.region,
            pool: r.pool_id,
            user: r.user_sub,
            activity: r.activity,
            channel: r.channel,
            destination: r.destination,
            sender: r.sender,
            subject: r.subject,
            status: r.status,
            attempts: r.attempts,
            maxAttempts: r.max_attempts,
            lastError: r.last_error,
            nextAttemptAt: r.status === 'queued' ? iso(r.next_attempt_at) : null,
            createdAt: iso(r.created_at),
            deliveredAt: iso(r.delivered_at),
            captured: r.captured_text !== null ? { text: r.captured_text } : null,
            ...(id
              ? {
                  attemptLog: attempts.map((a) => ({
                    attempt: a.attempt,
                    startedAt: iso(a.started_at),
                    finishedAt: iso(a.finished_at),
                    outcome: a.outcome,
                    error: a.error,
                  })),
                }
              : {}),
          })),
        });
      },
    },
  ];
}
