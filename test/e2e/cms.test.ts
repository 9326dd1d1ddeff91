/**
 * Content management in the browser: an editor writes an article in the rich-text editor
 * (heading, text, a live data embed), saves and submits it; a publisher approves and publishes
 * it; what is stored keeps the heading and the embed as written. Then the question
 * moderation page. axe on every state.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closes, expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { session } from './setup.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('content management', () => {
  it('an editor writes and submits an article, a publisher publishes it', async () => {
    const slug = `e2e-article-${Date.now()}`;
    const page = await newPage(browser);
    await signIn(page, 'editor');
    await page.getByRole('navigation').getByRole('link', { name: '信息发布' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '信息发布' }));
    await page.getByRole('combobox', { name: '栏目' }).click();
    await page.locator('.ant-select-item-option:visible').filter({ hasText: '统计公报' }).click();
    // The demo's bulletin is in the list.
    await visible(page.getByRole('link', { name: '2025年宁波市国民经济和社会发展统计公报' }));
    await expectNoAxeViolations(page);

    // The bulletin survives the editor: its table (caption, row headers) and live data embeds come
    // back out of the editor and the server's cleaning unchanged in the preview.
    await page.getByRole('link', { name: '2025年宁波市国民经济和社会发展统计公报' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '编辑文章' }));
    await visible(page.getByRole('textbox', { name: '正文' }).locator('figure[data-embed]'));
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: /^预\s*览$/ }).click();
    const preview = page.getByRole('dialog', { name: '预览（服务器清理后的正文）' });
    await visible(preview.locator('caption', { hasText: '表1 2025年全市地区生产总值及其增长速度' }));
    expect(await preview.locator('th[scope="row"]').count()).toBe(5);
    expect(await preview.locator('figure[data-embed][data-dataset]').count()).toBe(5);
    expect(await preview.locator('figure[data-dataset="gdp-quarterly"]').getAttribute('data-selection')).toBe(
      'indicator=gdp;region=330200;period=top(12)',
    );
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');
    await closes(preview);
    await page.getByRole('link', { name: '返回文章列表' }).click();

    await page.getByRole('button', { name: '新建文章' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '新建文章' }));
    await page.getByLabel('标题').fill('10月份全市工业生产情况');
    await page.getByLabel('网址名').fill(slug);
    await page.getByLabel('摘要').fill('10月份规模以上工业增加值同比增长7.2%。');
    const body = page.getByRole('textbox', { name: '正文' });
    await body.click();
    await page.getByRole('toolbar', { name: '正文格式' }).getByRole('button', { name: '二级标题' }).click();
    await page.keyboard.type('工业生产较快增长');
    await page.keyboard.press('Enter');
    await page.keyboard.type('10月份，全市规模以上工业增加值同比增长7.2%。');
    await page
      .getByRole('toolbar', { name: '正文格式' })
      .getByRole('button', { name: '插入数据图表' })
      .click();
    const embed = page.getByRole('dialog', { name: '插入实时数据' });
    await embed.getByLabel('数据集代码').fill('industry-monthly');
    await embed.getByLabel('选择条件').fill('indicator=ind_va_index;region=330200;period=top(12)');
    await embed.getByLabel('图表标题').fill('规模以上工业增加值增速');
    await expectNoAxeViolations(page);
    await embed.getByRole('button', { name: /确\s*定|OK/ }).click();
    await closes(embed);
    await visible(body.locator('figure[data-embed="chart"]'));
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: /保\s*存/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: '编辑文章' }));
    await visible(page.getByText('第 1 版 ·'));
    const id = page.url().split('/').pop()!;
    await page.getByRole('button', { name: '提交审核' }).click();
    await visible(page.getByText('待审核').first());
    await expect.poll(() => page.getByRole('button', { name: '提交审核' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.context().close();

    const pub = await newPage(browser);
    await signIn(pub, 'publisher');
    await pub.goto(`/cms/articles?status=in_review`);
    await pub.getByRole('link', { name: '10月份全市工业生产情况' }).first().click();
    await visible(pub.getByRole('heading', { level: 1, name: '编辑文章' }));
    await pub.getByRole('button', { name: '审核通过' }).click();
    // Ant Design spaces two-character Chinese button labels (发 布).
    const publish = pub.getByRole('button', { name: /^发\s*布$/ });
    await visible(publish);
    await publish.click();
    const dialog = pub.getByRole('dialog', { name: /^发\s*布$/ });
    await visible(dialog.getByText('立即发布'));
    await expectNoAxeViolations(pub);
    await dialog.getByRole('button', { name: /^发\s*布$/ }).click();
    await closes(dialog);
    await visible(pub.getByText('已发布').first());
    await visible(pub.getByText(/公众看到的是第 1 版/));
    await expectNoAxeViolations(pub);

    // Versions: one, public.
    await visible(pub.getByText('公开中'));

    // In English.
    await pub.getByRole('button', { name: 'English' }).click();
    await visible(pub.getByRole('heading', { level: 1, name: 'Edit article' }));
    await expectNoAxeViolations(pub);
    await pub.context().close();

    // What was stored: the heading, the text and the embed exactly as the editor wrote them.
    const publisher = await session('publisher');
    const stored = await publisher('GET', `/api/cms/articles/${id}`);
    expect(stored.body).toMatchObject({ status: 'published', slug, version: 1 });
    expect(stored.body.bodyHtml).toContain('<h2>工业生产较快增长</h2>');
    expect(stored.body.bodyHtml).toContain(
      '<figure data-embed="chart" data-dataset="industry-monthly" data-selection="indicator=ind_va_index;region=330200;period=top(12)"><figcaption>规模以上工业增加值增速</figcaption></figure>',
    );
  });

  it('moderates public questions', async () => {
    const page = await newPage(browser);
    await signIn(page, 'publisher');
    await page.getByRole('navigation').getByRole('link', { name: '互动交流' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '互动交流' }));
    // The demo's pending question, with its contact for staff only.
    await visible(page.getByText('能否提供各街道的人口数据？'));
    await visible(page.getByText('resident@example.cn'));
    await expectNoAxeViolations(page);
    // Other flows may have asked questions too: work on the demo's own card.
    const card = () => page.locator('.ant-card').filter({ hasText: '能否提供各街道的人口数据？' });
    await card().getByLabel('答复').fill('您好！乡镇（街道）常住人口数据见人口普查公报。');
    await card().getByRole('button', { name: '保存答复' }).click();
    // Answered: it leaves the pending list for the answered one.
    await expect.poll(() => page.getByText('能否提供各街道的人口数据？').count()).toBe(0);
    await page.getByRole('combobox', { name: '状态' }).click();
    await page.locator('.ant-select-item-option:visible').filter({ hasText: '已答复待公开' }).click();
    const publish = card().getByRole('button', { name: /^公\s*开$/ });
    await visible(publish);
    await visible(page.getByText('能否提供各街道的人口数据？'));
    await publish.click();
    await expect.poll(() => page.getByText('能否提供各街道的人口数据？').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
