/** Content management's tables (schema `cms`). */
import type { Generated, Kysely, Selectable, Updateable } from 'kysely';
import type { Channel, QuestionStatus, StoredStatus } from './contract.ts';

export interface CmsTables {
  'cms.files': {
    id: string;
    sha256: string;
    name: string;
    mime: string;
    size: number;
    uploaded_by: string;
    uploaded_at: Generated<Date>;
  };
  'cms.articles': {
    id: string;
    slug: string;
    status: StoredStatus;
    version: number;
    review_comment: string | null;
    created_by: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'cms.article_versions': {
    article_id: string;
    version: number;
    channel: Channel;
    category: string | null;
    title: string;
    summary: string;
    body_html: string;
    attachments: string[];
    saved_by: string;
    saved_at: Generated<Date>;
  };
  'cms.publications': {
    id: Generated<number>;
    article_id: string;
    version: number;
    visible_from: Date;
    visible_to: Date | null;
    release_id: string | null;
    file_ids: string[];
    published_by: string;
    recorded_at: Generated<Date>;
  };
  'cms.questions': {
    id: string;
    title: string;
    body: string;
    asker_name: string | null;
    contact: string | null;
    asker_key: string;
    asked_at: Generated<Date>;
    status: QuestionStatus;
    answer: string | null;
    answered_by: string | null;
    answered_at: Date | null;
    published_at: Date | null;
    published_by: string | null;
    moderation_note: string | null;
  };
}

export type CmsDb = Kysely<CmsTables>;
export type PublicationRow = Selectable<CmsTables['cms.publications']>;
export type QuestionRow = Selectable<CmsTables['cms.questions']>;
export type QuestionChange = Updateable<CmsTables['cms.questions']>;

/** The URL a file is served from. */
export const fileUrl = (id: string, name: string) => `/files/${id}/${encodeURIComponent(name)}`;

/** Listeners told after a change to what the public sees has committed. */
export function createNotifier() {
  const listeners = new Set<() => void>();
  return {
    on(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(): void {
      for (const l of listeners) l();
    },
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
