/**
 * Content management (内容管理) and public questions (互动交流): articles and bulletins with a
 * review workflow, versions, files and live data embeds; questions from the public, answered and
 * moderated. `api.public` is what the website reads (docs/design/publication.md).
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import type { PublicationApi } from '../publication/index.ts';
import { createArticles, type ReleaseMinute } from './articles.ts';
import type { AskInput, PublicArticle, PublicArticleSummary, PublicQuestion } from './contract.ts';
import { seedCmsDemo } from './demo.ts';
import { createFiles } from './files.ts';
import { cmsMigrations } from './migrations/index.ts';
import { createPublicReads } from './public.ts';
import { createQuestions } from './questions.ts';
import { createNotifier } from './repo.ts';
import { cmsRoutes } from './routes.ts';

export type { PublicArticle, PublicArticleSummary, PublicQuestion } from './contract.ts';

export function createCmsModule(deps: ModuleDeps & { publication: () => PublicationApi }) {
  const notifier = createNotifier();
  // A release's minute, from publication's calendar (titles and minutes are public in advance;
  // cancelled releases are not in it).
  const releaseMinute: ReleaseMinute = async (id, at) => {
    const releases = await deps
      .publication()
      .public.calendar({ from: new Date(Date.UTC(2000, 0, 1)), to: new Date(Date.UTC(2100, 0, 1)) }, at);
    const hit = releases.find((r) => r.id === id);
    return hit ? new Date(hit.releaseAt) : null;
  };
  const articles = createArticles({ db: deps.db, clock: deps.clock, notifier, releaseMinute });
  const files = createFiles({ db: deps.db, dataDir: deps.config.dataDir });
  const questions = createQuestions({ db: deps.db, clock: deps.clock, notifier });
  const reads = createPublicReads({ db: deps.db });

  // A moved or cancelled release moves (or withdraws) the articles bound to it.
  // One run at a time; a change that arrives during a run asks for one more after it.
  let following = false;
  let again = false;
  const follow = () => {
    if (following) {
      again = true;
      return;
    }
    following = true;
    again = false;
    articles
      .followReleases()
      .catch((err) => deps.logger.error({ err }, 'cms: following release changes failed'))
      .finally(() => {
        following = false;
        if (again) follow();
      });
  };
  let subscribed = false;
  const subscribe = () => {
    if (subscribed) return;
    deps.publication().public.onChanged(follow);
    subscribed = true;
  };

  return {
    name: 'cms',
    migrations: cmsMigrations,
    routes: async (app: import('fastify').FastifyInstance) => {
      subscribe();
      await cmsRoutes({
        articles,
        files,
        questions,
        reads,
        clock: deps.clock,
        uploadLimitBytes: deps.config.uploadLimitBytes,
      })(app);
    },
    async seedDemo() {
      await seedCmsDemo(deps.db, deps.clock, deps.publication().public.calendar);
      notifier.emit();
    },
    api: {
      /**
       * What the public website shows, at an instant (docs/design/publication.md). Lists are
       * newest first; `pageSize` is clamped to 1–100 and `page` counts in that size.
       */
      public: {
        articles: (
          q: { channel?: string; category?: string; page: number; pageSize: number },
          at: Date,
        ): Promise<{ items: PublicArticleSummary[]; total: number }> => reads.articles(q, at),
        article: (slugOrId: string, at: Date): Promise<PublicArticle | null> => reads.article(slugOrId, at),
        questions: (
          q: { page: number; pageSize: number },
          at: Date,
        ): Promise<{ items: PublicQuestion[]; total: number }> => reads.questions(q, at),
        question: (id: string, at: Date): Promise<PublicQuestion | null> => reads.question(id, at),
        /** 4xx problems for bad input (400) and past the rate limit (429). */
        ask: (input: AskInput, origin: { ip: string }): Promise<{ id: string }> =>
          questions.ask(input, origin),
        /** The next minute something is published, scheduled, withdrawn or released. */
        nextChangeAfter: (at: Date): Promise<Date | null> => reads.nextChangeAfter(at),
        /** Told after every committed change to what the public sees. */
        onChanged: (listener: () => void): (() => void) => notifier.on(listener),
      },
    },
  } satisfies PlatformModule;
}
export type CmsApi = ReturnType<typeof createCmsModule>['api'];
