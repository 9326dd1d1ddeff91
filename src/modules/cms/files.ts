/**
 * Files of articles (附件与图片): checked by content, stored under the data folder by SHA-256
 * (the same bytes are kept once), described by a `cms.files` row per upload. Served from
 * `/files/{id}/{name}` (routes.ts) with the stored type and headers that keep a browser from
 * running anything in them.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { assertRole } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import type { FileView } from './contract.ts';
import { classifyFile } from './domain/file-kind.ts';
import { WRITERS } from './domain/workflow.ts';
import { cmsProblems as P } from './problems.ts';
import { type CmsDb, fileUrl } from './repo.ts';

/** A file name as stored and shown: no path, no control or quote characters, at most 120 chars. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them
  const clean = base.replace(/[\u0000-\u001f\u007f"<>:|?*%#]/g, '_').trim();
  if (clean.length <= 120) return clean;
  const dot = clean.lastIndexOf('.');
  return clean.slice(0, 120 - (clean.length - dot)) + clean.slice(dot);
}

export function createFiles(deps: { db: Db; dataDir: string }) {
  const db = deps.db as CmsDb;
  const root = path.resolve(deps.dataDir, 'cms-files');
  const blobPath = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256);

  /** Writes the bytes once per content (temp file, then rename, so a reader never sees half). */
  async function storeBlob(sha256: string, data: Buffer) {
    const target = blobPath(sha256);
    if (fs.existsSync(target)) return;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, target);
  }

  return {
    /** Checks and stores an upload; 415 for a refused type, nothing stored. */
    async upload(ctx: RequestContext, originalName: string, data: Buffer): Promise<FileView> {
      assertRole(ctx.actor, WRITERS);
      const name = cleanFileName(originalName);
      const verdict = await classifyFile(name, data);
      if (!verdict.ok) throw P.file_type_refused({ zh: verdict.zh, en: verdict.en });
      const sha256 = createHash('sha256').update(data).digest('hex');
      // Bytes first: a row never names a file that is not there.
      await storeBlob(sha256, data);
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('cms.files')
          .values({
            id,
            sha256,
            name,
            mime: verdict.kind.mime,
            size: data.length,
            uploaded_by: ctx.actor.username,
          })
          .execute();
        await recordAudit(trx, ctx, {
          action: 'cms.file_upload',
          entityType: 'cms.file',
          entityId: id,
          after: { name, mime: verdict.kind.mime, size: data.length, sha256 },
        });
      });
      return { id, name, mime: verdict.kind.mime, size: data.length, sha256, url: fileUrl(id, name) };
    },

    /** A file's row and a way to read its bytes, or null. */
    async find(id: string) {
      if (!/^[0-9a-f-]{36}$/.test(id)) return null;
      const row = await db.selectFrom('cms.files').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      return { ...row, size: Number(row.size), read: () => fs.promises.readFile(blobPath(row.sha256)) };
    },

    /** Where the bytes of a content hash live (tests check the store). */
    blobPath,
  };
}
export type Files = ReturnType<typeof createFiles>;
