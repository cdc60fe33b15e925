// What the bot passes as FeedbackVote.userHash: a digest of the Discord user id, so the raw id never
// crosses the service contract. The feedback store salts it again with a per-install salt kept in
// its DB, so stored hashes can't be matched by hashing every possible id without that file.
import { createHash } from 'node:crypto';

export function userDigest(userId: string): string {
  return createHash('sha256').update(`discord-user:${userId}`).digest('hex');
}
