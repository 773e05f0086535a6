/**
 * Who or what caused a change, as stored in the audit log: a Slack user, the
 * customer on the pay pages, MiMo's response, a scheduled job or the app itself.
 */
export type Actor = `slack:${string}` | 'customer' | 'mimo' | `job:${string}` | 'system';

export function slackActor(userId: string): Actor {
  return `slack:${userId}`;
}
