/**
 * 互动交流: the published questions and answers, one question, and the ask form. The form posts
 * to the site's own route, which hands it to cms's `ask` (its checks, rate limit and audit);
 * problems are shown on the form, success redirects (POST-redirect-GET). A hidden honeypot field
 * catches form-filling robots. Everything a person wrote is shown as escaped plain text.
 */
import { Problem } from '../../../platform/problems.ts';
import { html } from '../html.ts';
import { fill } from '../labels.ts';
import { formatTime, isoOf, labelsOf, page, pager, type RenderContext, SITE } from '../layout.ts';
import { breadcrumb, type PageDeps, pageParam, type Rendered } from './common.ts';
import { notFoundPage } from './not-found.ts';

const PAGE_SIZE = 20;
/** The honeypot's name: a field people never see (hidden by CSS, out of the tab order). */
export const HONEYPOT = 'website';

export async function questionsPage(ctx: RenderContext, deps: PageDeps): Promise<Rendered> {
  const l = labelsOf(ctx);
  const pageNo = pageParam(ctx);
  const { items, total } = await deps.cms.questions({ page: pageNo, pageSize: PAGE_SIZE }, ctx.at);
  return {
    status: 200,
    html: page(ctx, {
      title: l.interaction,
      body: html`${breadcrumb(ctx, [{ label: l.interaction }])}<h1>${l.interaction}</h1>
<p><a class="button" href="${SITE}/interaction/ask">${l.ask}</a></p>
<h2>${l.questions}</h2>
${
  items.length === 0
    ? html`<p class="muted">${l.noItems}</p>`
    : html`<ul class="list">${items.map(
        (q) =>
          html`<li><a href="${SITE}/interaction/${encodeURIComponent(q.id)}">${q.title}</a><time datetime="${isoOf(q.publishedAt)}">${formatTime(q.publishedAt, ctx.locale, false)}</time></li>`,
      )}</ul>`
}
${pager(ctx, pageNo, total, PAGE_SIZE)}`,
    }),
  };
}

export async function questionPage(ctx: RenderContext, deps: PageDeps, id: string): Promise<Rendered> {
  const l = labelsOf(ctx);
  const q = await deps.cms.question(id, ctx.at);
  if (!q) return notFoundPage(ctx);
  return {
    status: 200,
    html: page(ctx, {
      title: q.title,
      body: html`${breadcrumb(ctx, [{ label: l.interaction, href: `${SITE}/interaction` }, { label: q.title }])}
<article>
<h1>${q.title}</h1>
<p class="muted">${l.askedAt}：<time datetime="${isoOf(q.askedAt)}">${formatTime(q.askedAt, ctx.locale)}</time></p>
<div class="question">${q.body}</div>
<h2>${l.answer}</h2>
<p class="muted">${l.answeredAt}：<time datetime="${isoOf(q.answeredAt)}">${formatTime(q.answeredAt, ctx.locale)}</time></p>
<div class="answer">${q.answer}</div>
</article>`,
    }),
  };
}

export interface AskForm {
  title: string;
  body: string;
  name: string;
  contact: string;
}

/** The ask form, with what was typed and the errors when a post failed. */
export function askPage(
  ctx: RenderContext,
  opts: { form?: AskForm; errors?: string[]; status?: number } = {},
): Rendered {
  const l = labelsOf(ctx);
  const f = opts.form ?? { title: '', body: '', name: '', contact: '' };
  const errors = opts.errors ?? [];
  const sent = ctx.query.get('sent') === '1' && errors.length === 0;
  return {
    status: opts.status ?? 200,
    html: page(ctx, {
      title: l.ask,
      noindex: true,
      body: html`${breadcrumb(ctx, [{ label: l.interaction, href: `${SITE}/interaction` }, { label: l.ask }])}<h1>${l.ask}</h1>
${sent ? html`<p class="notice" role="status">${l.askSent}</p>` : ''}
${
  errors.length
    ? html`<div class="error" role="alert" id="ask-errors"><p>${l.askErrors}</p><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>`
    : ''
}
<p>${l.askIntro}</p>
<form method="post" action="${SITE}/interaction/ask" novalidate${errors.length ? html` aria-describedby="ask-errors"` : ''}>
<div class="field"><label for="ask-title">${l.askTitle}</label><input type="text" id="ask-title" name="title" required maxlength="200" value="${f.title}"${errors.length ? html` aria-invalid="${f.title.trim() === '' ? 'true' : 'false'}"` : ''}></div>
<div class="field"><label for="ask-body">${l.askBody}</label><textarea id="ask-body" name="body" required maxlength="5000"${errors.length ? html` aria-invalid="${f.body.trim() === '' ? 'true' : 'false'}"` : ''}>${f.body}</textarea></div>
<div class="field"><label for="ask-name">${l.askName}</label><input type="text" id="ask-name" name="name" maxlength="100" autocomplete="name" value="${f.name}"></div>
<div class="field"><label for="ask-contact">${l.askContact}</label><input type="text" id="ask-contact" name="contact" maxlength="200" autocomplete="email" value="${f.contact}"></div>
<div class="honeypot" aria-hidden="true"><label for="ask-${HONEYPOT}">${l.askHoneypot}</label><input type="text" id="ask-${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>
<button type="submit" class="primary">${l.askSubmit}</button>
</form>`,
    }),
  };
}

/** Handles a post of the ask form: a redirect on success, the form with its errors otherwise. */
export async function submitQuestion(
  ctx: RenderContext,
  deps: PageDeps,
  fields: Record<string, string>,
  ip: string,
): Promise<{ redirect: string } | Rendered> {
  const l = labelsOf(ctx);
  const form: AskForm = {
    title: (fields.title ?? '').slice(0, 10_000),
    body: (fields.body ?? '').slice(0, 100_000),
    name: (fields.name ?? '').slice(0, 1_000),
    contact: (fields.contact ?? '').slice(0, 1_000),
  };
  const done = { redirect: `${SITE}/interaction/ask?sent=1` };
  // A robot filled the field no person sees: answer as if it worked, store nothing.
  if ((fields[HONEYPOT] ?? '') !== '') return done;
  const missing = [
    form.title.trim() === '' ? fill(l.askRequired, { field: l.askTitle }) : null,
    form.body.trim() === '' ? fill(l.askRequired, { field: l.askBody }) : null,
  ].filter((e): e is string => e !== null);
  if (missing.length) return askPage(ctx, { form, errors: missing, status: 400 });
  try {
    await deps.cms.ask(
      {
        title: form.title.trim(),
        body: form.body.trim(),
        ...(form.name.trim() ? { name: form.name.trim() } : {}),
        ...(form.contact.trim() ? { contact: form.contact.trim() } : {}),
      },
      { ip },
    );
    return done;
  } catch (err) {
    if (err instanceof Problem && err.status < 500) {
      return askPage(ctx, { form, errors: [err.messageIn(ctx.locale)], status: err.status });
    }
    throw err;
  }
}
