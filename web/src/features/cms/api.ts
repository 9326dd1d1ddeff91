/** Content management calls, typed from the server's contract. */
import type { z } from 'zod';
import type {
  ArticleInput,
  ArticleList,
  ArticleView,
  FileView,
  PublishInput,
  QuestionList,
  QuestionStatus,
  QuestionView,
  VersionList,
  VersionView,
} from '../../../../src/modules/cms/contract.ts';
import { api, type Query } from '../../api/client.ts';

export type Article = z.infer<typeof ArticleView>;
export type ArticleItem = z.infer<typeof ArticleList>['items'][number];
export type Versions = z.infer<typeof VersionList>;
export type Version = z.infer<typeof VersionView>;
export type StoredFile = z.infer<typeof FileView>;
export type Question = z.infer<typeof QuestionView>;
export type { ArticleInput, PublishInput, QuestionStatus };

/** A release as the calendar lists it (publication's staff API). */
export interface ReleaseOption {
  id: string;
  title: { zh: string; en: string };
  releaseAt: string;
  status: string;
  released: boolean;
}

export const cmsApi = {
  articles: (q: Query) => api<z.infer<typeof ArticleList>>('/api/cms/articles', { query: q }),
  article: (id: string) => api<Article>(`/api/cms/articles/${id}`),
  create: (body: ArticleInput) => api<Article>('/api/cms/articles', { body }),
  save: (id: string, body: ArticleInput & { baseVersion: number }) =>
    api<Article>(`/api/cms/articles/${id}`, { method: 'PUT', body }),
  versions: (id: string) => api<Versions>(`/api/cms/articles/${id}/versions`),
  version: (id: string, v: number) => api<Version>(`/api/cms/articles/${id}/versions/${v}`),
  act: (id: string, action: 'submit' | 'approve' | 'withdraw') =>
    api<Article>(`/api/cms/articles/${id}/${action}`, { method: 'POST' }),
  returnTo: (id: string, comment: string) =>
    api<Article>(`/api/cms/articles/${id}/return`, { body: { comment } }),
  publish: (id: string, body: PublishInput) => api<Article>(`/api/cms/articles/${id}/publish`, { body }),
  preview: (bodyHtml: string) => api<{ bodyHtml: string }>('/api/cms/preview', { body: { bodyHtml } }),
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<StoredFile>('/api/cms/files', { form });
  },
  releases: () => api<{ items: ReleaseOption[] }>('/api/publication/releases'),
  questions: (q: Query) => api<z.infer<typeof QuestionList>>('/api/cms/questions', { query: q }),
  answer: (id: string, answer: string) =>
    api<Question>(`/api/cms/questions/${id}/answer`, { method: 'PUT', body: { answer } }),
  publishQuestion: (id: string) => api<Question>(`/api/cms/questions/${id}/publish`, { method: 'POST' }),
  unpublishQuestion: (id: string) => api<Question>(`/api/cms/questions/${id}/unpublish`, { method: 'POST' }),
  rejectQuestion: (id: string, note: string) =>
    api<Question>(`/api/cms/questions/${id}/reject`, { body: { note } }),
};
