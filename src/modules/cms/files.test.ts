/**
 * Uploads through HTTP: real files of every accepted kind pass (decided by their bytes), hostile
 * ones are refused with nothing stored, files are kept once per content, and served inert — to
 * the public only while an article the public sees uses them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';

const LIMIT = 64 * 1024;
let t: TestApp;
let editor: Client;
let publisher: Client;
let dataDir: string;

/** A multipart/form-data body with one file field. */
function multipart(filename: string, data: Buffer, type = 'application/octet-stream', field = 'file') {
  const boundary = '----tongji-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
const upload = (who: Client, name: string, data: Buffer, type?: string) => {
  const m = multipart(name, data, type);
  return who.request({ method: 'POST', url: '/api/cms/files', payload: m.payload, headers: m.headers });
};

// ---- real files ----
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
/** A lossless 1×1 WebP. */
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

async function pdf(): Promise<Buffer> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  doc.text('Statistical bulletin 2025');
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('数据').addRow(['指标', '数值']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// A minimal .docx: a ZIP (stored entries) with the content types and the main document part.
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt32LE(crc32(data), 14);
    h.writeUInt32LE(data.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt32LE(crc32(data), 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(h, n, data);
    centrals.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, central, end]);
}
const DOCX = zip([
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ],
  [
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>公报</w:t></w:r></w:p></w:body></w:document>',
  ],
]);

const count = async () =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from cms.files`.execute(t.database.db)).rows[0]!.n,
  );
const blobs = () => {
  const root = path.join(dataDir, 'cms-files');
  if (!fs.existsSync(root)) return 0;
  return fs.readdirSync(root).flatMap((d) => fs.readdirSync(path.join(root, d))).length;
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongji-cms-files-'));
  t = await buildTestApp({ TONGJI_DATA_DIR: dataDir, UPLOAD_LIMIT_BYTES: String(LIMIT) });
  editor = await t.as('editor');
  publisher = await t.as('publisher');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('accepted files', () => {
  it('takes each kind by its content, stores it under the data folder by SHA-256, once', async () => {
    const cases: [string, Buffer, string][] = [
      ['图.png', PNG, 'image/png'],
      ['photo.JPG', JPEG, 'image/jpeg'],
      ['a.gif', GIF, 'image/gif'],
      ['a.webp', WEBP, 'image/webp'],
      ['公报.pdf', await pdf(), 'application/pdf'],
      ['数据.xlsx', await xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['说明.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['data.csv', Buffer.from('\ufeff指标,数值\nGDP,18147\n'), 'text/csv'],
      ['readme.txt', Buffer.from('纯文本说明 < 5 & > 3'), 'text/plain'],
    ];
    for (const [name, data, mime] of cases) {
      // The declared type is ignored: everything is sent as octet-stream.
      const res = await upload(editor, name, data);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      expect(res.json()).toMatchObject({ name, mime, size: data.length });
      const stored = path.join(dataDir, 'cms-files', res.json().sha256.slice(0, 2), res.json().sha256);
      expect(fs.readFileSync(stored).equals(data)).toBe(true);
    }
    const before = blobs();
    const again = await upload(editor, 'copy.png', PNG);
    expect(again.statusCode).toBe(200);
    expect(blobs()).toBe(before);
  });
});

describe('hostile uploads', () => {
  it('refuses disguised, polyglot, oversize and foreign files with a 4xx and stores nothing', async () => {
    const files = await count();
    const stored = blobs();
    const html = Buffer.from(
      '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>',
    );
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const cases: [string, Buffer, number, string?][] = [
      ['logo.png', html, 415, 'image/png'],
      ['logo.png', svg, 415, 'image/png'],
      ['logo.svg', svg, 415],
      ['page.html', html, 415, 'text/html'],
      ['data.csv', html, 415],
      ['notes.txt', svg, 415],
      // Right magic, wrong name, and the other way round.
      ['chart.pdf', PNG, 415],
      ['photo.png', GIF, 415],
      // GIF header with a script after it (a GIF/HTML polyglot).
      [
        'a.gif',
        Buffer.concat([
          Buffer.from('GIF89a/*'),
          Buffer.alloc(8),
          Buffer.from('*/=1;<script>alert(1)</script>;'),
        ]),
        415,
      ],
      // PNG with HTML after its end, PNG with a ZIP appended.
      ['a.png', Buffer.concat([PNG, Buffer.from('<html><script>alert(1)</script></html>')]), 415],
      ['a.png', Buffer.concat([PNG, DOCX]), 415],
      // A PDF with JavaScript.
      [
        'a.pdf',
        Buffer.from(
          '%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF',
        ),
        415,
      ],
      ['empty.txt', Buffer.alloc(0), 415],
      ['binary.txt', Buffer.from([0x00, 0x01, 0x02, 0xff]), 415],
      ['noext', PNG, 415],
      ['huge.png', Buffer.concat([PNG, Buffer.alloc(LIMIT)]), 413],
    ];
    for (const [name, data, status, type] of cases) {
      const res = await upload(editor, name, data, type);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(status);
      expect(res.json().messages['zh-CN']).toBeTruthy();
    }
    const res = await upload(editor, 'logo.png', html);
    expect(res.json().code).toBe('cms.file_type_refused');
    expect(res.json().messages['en-US']).toMatch(/not a png/);
    expect(await count()).toBe(files);
    expect(blobs()).toBe(stored);
    // Only content staff upload; a body that is not multipart is a clear 4xx.
    const city = await t.as('city_statistician');
    expect((await upload(city, 'a.png', PNG)).statusCode).toBe(403);
    expect(
      (await t.anonymous.request({ method: 'POST', url: '/api/cms/files', ...multipart('a.png', PNG) }))
        .statusCode,
    ).toBe(401);
    const raw = await editor.post('/api/cms/files', { not: 'a file' });
    expect(raw.statusCode).toBeGreaterThanOrEqual(400);
    expect(raw.statusCode).toBeLessThan(500);
  });
});

describe('serving', () => {
  it('serves inert, and publicly only while a visible article uses the file', async () => {
    t.clock.set(null);
    const img = (await upload(editor, '图表.png', PNG)).json();
    const doc = (await upload(editor, '公报.pdf', await pdf())).json();
    const get = (who: Client, f: { url: string }) => who.get(f.url);

    // Staff see them before publication; nobody else does (404, not even that they exist).
    expect((await get(editor, doc)).statusCode).toBe(200);
    expect((await get(t.anonymous, doc)).statusCode).toBe(404);
    expect((await get(t.anonymous, img)).statusCode).toBe(404);
    expect((await t.anonymous.get(`/files/${doc.id}/other-name.pdf`)).statusCode).toBe(404);

    const created = await editor.post('/api/cms/articles', {
      slug: 'with-files',
      channel: 'bulletin',
      title: '带附件的公报',
      bodyHtml: `<p>图：</p><img src="${img.url}" alt="图表">`,
      attachments: [doc.id],
    });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id;
    await editor.post(`/api/cms/articles/${id}/submit`);
    await publisher.post(`/api/cms/articles/${id}/approve`);
    await publisher.post(`/api/cms/articles/${id}/publish`, { mode: 'now' });

    const pdfRes = await get(t.anonymous, doc);
    expect(pdfRes.statusCode).toBe(200);
    expect(pdfRes.headers['content-type']).toBe('application/pdf');
    expect(pdfRes.headers['x-content-type-options']).toBe('nosniff');
    expect(pdfRes.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(pdfRes.headers['content-disposition']).toMatch(
      /^attachment; .*filename\*=UTF-8''%E5%85%AC%E6%8A%A5\.pdf/,
    );
    const imgRes = await get(t.anonymous, img);
    expect(imgRes.statusCode).toBe(200);
    expect(imgRes.headers['content-type']).toBe('image/png');
    expect(imgRes.headers['content-security-policy']).toBe("sandbox; default-src 'none'; img-src 'self'");
    expect(imgRes.headers['content-disposition']).toMatch(/^inline/);
    expect(Buffer.from(imgRes.rawPayload).equals(PNG)).toBe(true);

    const article = await t.modules.cms.api.public.article('with-files', t.clock.now());
    expect(article?.attachments).toEqual([
      { id: doc.id, name: '公报.pdf', size: doc.size, mime: 'application/pdf', url: doc.url },
    ]);

    await publisher.post(`/api/cms/articles/${id}/withdraw`);
    expect((await get(t.anonymous, doc)).statusCode).toBe(404);
    expect((await get(editor, doc)).statusCode).toBe(200);
  });

  it('keeps the files of a scheduled article embargoed until its minute', async () => {
    const base = new Date('2031-01-05T01:00:00Z');
    t.clock.set(base);
    const doc = (await upload(editor, 'embargoed.csv', Buffer.from('指标,数值\n'))).json();
    const id = (
      await editor.post('/api/cms/articles', {
        slug: 'embargoed-files',
        channel: 'bulletin',
        title: '定时公报',
        bodyHtml: '<p>x</p>',
        attachments: [doc.id],
      })
    ).json().id;
    await editor.post(`/api/cms/articles/${id}/submit`);
    await publisher.post(`/api/cms/articles/${id}/approve`);
    const minute = new Date('2031-01-06T01:30:00Z');
    await publisher.post(`/api/cms/articles/${id}/publish`, { mode: 'at', publishAt: minute.toISOString() });
    t.clock.set(new Date(minute.getTime() - 1000));
    expect((await t.anonymous.get(doc.url)).statusCode).toBe(404);
    t.clock.set(new Date(minute.getTime() + 1000));
    const res = await t.anonymous.get(doc.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment/);
    t.clock.set(null);
  });

  it('an attachment that does not exist is refused at save', async () => {
    const res = await editor.post('/api/cms/articles', {
      slug: 'missing-file',
      channel: 'news',
      title: '缺附件',
      bodyHtml: '<p>x</p>',
      attachments: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('cms.file_not_found');
  });
});
