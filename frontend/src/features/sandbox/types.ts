/** An inbox of the sandbox request bin, as GET /api/sandbox/inbox/ lists it. */
export interface Inbox {
  name: string;
  count: number;
  last_received_at: string;
  /** Where to send: paste it into an HTTP block's URL. */
  url: string;
}

/** One request an HTTP block (or anyone) sent to /sandbox/inbox/<name>, secrets redacted. */
export interface InboxRequest {
  id: number;
  name: string;
  method: string;
  /** The rest of the path after the inbox name ("/api/orders"); "" for none. */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** Parsed JSON when it was JSON, else text; null when empty. */
  body: unknown;
  body_bytes: number;
  body_truncated: boolean;
  received_at: string;
}
