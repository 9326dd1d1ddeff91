/**
 * The two ports' reads, remembered for one visibility window (freshness.ts): within a window
 * every read at any instant answers the same, so a page rendered for a new URL (another
 * dataset query, another page of a list, a query string nobody sent before) reuses what other
 * pages already read instead of asking the database again. Dropped with the window, so a memo
 * never outlives a release or publish minute or an `onChanged`.
 */
import type { Freshness } from './freshness.ts';
import type { CmsPublic, PublicationPublic } from './ports.ts';

/** Most reads kept per window (query strings are the public's to choose). */
const LIMIT = 2_000;

export function createReadMemo(freshness: Freshness) {
  let window = -1;
  const memo = new Map<string, Promise<unknown>>();

  /** Wraps a read whose last argument is the instant `at`. */
  function remember<A extends unknown[], R>(name: string, read: (...args: [...A, Date]) => Promise<R>) {
    return async (...args: [...A, Date]): Promise<R> => {
      const at = args[args.length - 1] as Date;
      const { id } = await freshness.windowOf(at);
      if (id !== window || memo.size >= LIMIT) {
        memo.clear();
        window = id;
      }
      const key = `${name}:${JSON.stringify(args.slice(0, -1))}`;
      let hit = memo.get(key) as Promise<R> | undefined;
      if (!hit) {
        hit = read(...args);
        memo.set(key, hit);
        hit.catch(() => memo.delete(key));
      }
      return hit;
    };
  }

  return {
    publication(p: PublicationPublic): PublicationPublic {
      return {
        ...p,
        datasets: remember('datasets', (at: Date) => p.datasets(at)),
        dataset: remember('dataset', (code: string, at: Date) => p.dataset(code, at)),
        cells: remember('cells', (code: string, sel: Parameters<PublicationPublic['cells']>[1], at: Date) =>
          p.cells(code, sel, at),
        ),
        calendar: remember('calendar', (range: { from: Date; to: Date }, at: Date) => p.calendar(range, at)),
      };
    },
    cms(c: CmsPublic): CmsPublic {
      return {
        ...c,
        articles: remember('articles', (q: Parameters<CmsPublic['articles']>[0], at: Date) =>
          c.articles(q, at),
        ),
        article: remember('article', (slug: string, at: Date) => c.article(slug, at)),
        questions: remember('questions', (q: { page: number; pageSize: number }, at: Date) =>
          c.questions(q, at),
        ),
        question: remember('question', (id: string, at: Date) => c.question(id, at)),
      };
    },
  };
}
