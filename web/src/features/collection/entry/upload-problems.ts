/** The per-cell problems of a refused Excel upload, read from the problem's details. Pure. */

export interface UploadProblem {
  sheetCell: string;
  cell: string;
  message: string | { 'zh-CN': string; 'en-US': string };
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The per-cell problems of a refused upload, whatever list the problem's details carry them in. */
export function uploadProblems(details: unknown): UploadProblem[] {
  if (!details || typeof details !== 'object') return [];
  const d = details as Record<string, unknown>;
  const list = [d.problems, d.cells, d.issues, d.errors].find(Array.isArray) as unknown[] | undefined;
  if (!list) return [];
  return list
    .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object')
    .map((x) => {
      const sheet = str(x.sheet);
      const address = str(x.sheetCell) || str(x.address) || str(x.excelCell) || str(x.at);
      return {
        sheetCell: sheet && address && !address.includes('!') ? `${sheet}!${address}` : address,
        cell: str(x.cell) || str(x.ref) || str(x.path),
        message:
          typeof x.message === 'object' && x.message
            ? (x.message as UploadProblem['message'])
            : str(x.message),
      };
    });
}
