/**
 * What an uploaded file really is, decided by its bytes (magic numbers through `file-type`, and a
 * strict UTF-8 check for text), never by its name or the type the browser declared. Only the
 * kinds an article needs are accepted, and only when the name's extension agrees with the
 * content. Polyglots — an image or PDF that also carries markup, script, a ZIP or trailing data
 * another parser would read — are refused as well, although we serve every file with nosniff and
 * a sandbox: a file that is two things at once has no business on a government website.
 */
import { fileTypeFromBuffer } from 'file-type';

export interface FileKind {
  mime: string;
  ext: string;
  image: boolean;
}

const KINDS: Record<string, FileKind> = {
  png: { mime: 'image/png', ext: 'png', image: true },
  jpg: { mime: 'image/jpeg', ext: 'jpg', image: true },
  webp: { mime: 'image/webp', ext: 'webp', image: true },
  gif: { mime: 'image/gif', ext: 'gif', image: true },
  pdf: { mime: 'application/pdf', ext: 'pdf', image: false },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ext: 'xlsx',
    image: false,
  },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
    image: false,
  },
  csv: { mime: 'text/csv', ext: 'csv', image: false },
  txt: { mime: 'text/plain', ext: 'txt', image: false },
};

/** Extensions a name may carry for each kind. */
const EXTENSIONS: Record<string, string> = {
  png: 'png',
  jpg: 'jpg',
  jpeg: 'jpg',
  webp: 'webp',
  gif: 'gif',
  pdf: 'pdf',
  xlsx: 'xlsx',
  docx: 'docx',
  csv: 'csv',
  txt: 'txt',
};

export const ACCEPTED_EXTENSIONS = Object.keys(EXTENSIONS);

export type FileVerdict = { ok: true; kind: FileKind } | { ok: false; zh: string; en: string };

const refuse = (zh: string, en: string): FileVerdict => ({ ok: false, zh, en });

/**
 * Markup a browser would act on, anywhere in the bytes. Tags of five letters or more only, so
 * that random binary (compressed pixels) practically never matches by chance.
 */
const MARKUP = /<(?:script|html|body|svg|iframe|object|embed|style|!doctype)[\s>/]/i;
/** Text files may not even look like a web page or XML. */
const TEXT_MARKUP =
  /<(?:script|html|head|body|svg|iframe|object|embed|style|meta|link|img|a|!doctype|\?xml)[\s>/]/i;

/** Decides whether `data` named `name` may be stored, and as what. */
export async function classifyFile(name: string, data: Buffer): Promise<FileVerdict> {
  const ext = EXTENSIONS[name.toLowerCase().split('.').pop() ?? ''];
  if (!name.includes('.') || !ext)
    return refuse(
      `只接受 ${ACCEPTED_EXTENSIONS.join('、')} 文件`,
      `only ${ACCEPTED_EXTENSIONS.join(', ')} files are accepted`,
    );
  if (data.length === 0) return refuse('文件为空', 'the file is empty');
  const detected = await fileTypeFromBuffer(data);
  const kind = detected ? KINDS[detected.ext] : textKind(data, ext);
  if (!kind)
    return refuse(
      `文件内容不是 ${ext} 文件${detected ? `（实为 ${detected.ext}）` : ''}`,
      `the content is not a ${ext} file${detected ? ` (it is ${detected.ext})` : ''}`,
    );
  if (kind.ext !== ext)
    return refuse(
      `文件名为 .${ext}，内容却是 ${kind.ext}`,
      `the name says .${ext} but the content is ${kind.ext}`,
    );
  const latin = data.toString('latin1');
  const office = kind.ext === 'xlsx' || kind.ext === 'docx';
  // An Office file is a ZIP of XML parts (some stored uncompressed): its entries are checked below.
  if (!office && (kind.mime.startsWith('text/') ? TEXT_MARKUP : MARKUP).test(latin))
    return refuse('文件中夹带网页标记或脚本', 'the file carries web markup or script');
  if (kind.image || kind.ext === 'pdf') {
    // A second format hidden inside (ZIP, PDF) is a polyglot.
    if (latin.includes('PK\u0003\u0004') || (kind.image && latin.includes('%PDF-')))
      return refuse('文件中夹带另一种格式的内容', 'the file hides content of another format');
  }
  if (kind.ext === 'png' && !pngEndsAtIend(data))
    return refuse('PNG 图片结尾后还有其他数据', 'the PNG image has data after its end');
  if (kind.ext === 'gif' && data[data.length - 1] !== 0x3b)
    return refuse('GIF 图片结尾后还有其他数据', 'the GIF image has data after its end');
  if (kind.ext === 'pdf' && /\/(?:JavaScript|JS|Launch|EmbeddedFile)\b/.test(latin))
    return refuse('PDF 中含有脚本或嵌入文件', 'the PDF contains script or embedded files');
  if (
    office &&
    zipEntryNames(data).some((n) =>
      /vbaProject\.bin$|oleObject\d*\.bin$|\.(?:exe|dll|js|html?|svg)$/i.test(n),
    )
  )
    return refuse('文档中含有宏或可执行内容', 'the document contains macros or executable content');
  return { ok: true, kind };
}

/** Text kinds: strict UTF-8 (a BOM allowed), no NUL bytes. */
function textKind(data: Buffer, ext: string): FileKind | undefined {
  if (ext !== 'csv' && ext !== 'txt') return undefined;
  if (data.includes(0)) return undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
  return KINDS[ext];
}

/** A PNG is a signature and chunks; the last must be IEND with nothing after it. */
function pngEndsAtIend(data: Buffer): boolean {
  let at = 8;
  while (at + 12 <= data.length) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > data.length) return false;
    if (type === 'IEND') return end === data.length;
    at = end;
  }
  return false;
}

/** Names of a ZIP's entries, from its local file headers. */
function zipEntryNames(data: Buffer): string[] {
  const names: string[] = [];
  let at = data.indexOf('PK\u0003\u0004', 0, 'latin1');
  while (at >= 0 && at + 30 <= data.length) {
    const length = data.readUInt16LE(at + 26);
    names.push(data.toString('utf8', at + 30, Math.min(data.length, at + 30 + length)));
    at = data.indexOf('PK\u0003\u0004', at + 30, 'latin1');
  }
  return names;
}
