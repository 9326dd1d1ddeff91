/**
 * The demo website's content: the 2025 statistical bulletin (统计公报) with a table and live data
 * embeds of publication's demo datasets, analysis and interpretation articles, news, notices,
 * 政务公开 items in their categories, one notice scheduled a few days ahead, one analysis bound
 * to an upcoming release, and answered public questions. Written straight into cms's tables in
 * one transaction (the seed is fast; the workflow's own writes are tested elsewhere).
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { Channel, OpenGovCategory } from './contract.ts';
import { sanitizeBody } from './domain/sanitize.ts';
import type { CmsDb } from './repo.ts';

interface DemoArticle {
  slug: string;
  channel: Channel;
  category?: OpenGovCategory;
  title: string;
  summary: string;
  body: string;
  /** Days before the seed it went public (negative: scheduled ahead). */
  daysAgo: number;
  /** Bound to the release whose title contains this text. */
  release?: string;
}

const embed = (kind: 'table' | 'chart', dataset: string, selection: string, caption: string) =>
  `<figure data-embed="${kind}" data-dataset="${dataset}" data-selection="${selection}"><figcaption>${caption}</figcaption></figure>`;

const BULLETIN_BODY = `
<p>2025年，面对复杂严峻的外部环境，全市上下坚持稳中求进工作总基调，经济运行总体平稳、稳中有进，高质量发展扎实推进，社会大局和谐稳定。</p>
<h2>一、综合</h2>
<p>初步核算，全年全市地区生产总值18147亿元，按不变价格计算，比上年增长5.6%。其中，第一产业增加值413亿元，增长3.2%；第二产业增加值8409亿元，增长6.1%；第三产业增加值9325亿元，增长5.3%。三次产业结构为2.3∶46.3∶51.4。</p>
${embed('chart', 'gdp-quarterly', 'indicator=gdp;region=330200;period=top(12)', '图1 全市地区生产总值（季度，亿元）')}
<table>
<caption>表1 2025年全市地区生产总值及其增长速度</caption>
<thead><tr><th scope="col">指标</th><th scope="col">绝对数（亿元）</th><th scope="col">比上年增长（%）</th></tr></thead>
<tbody>
<tr><th scope="row">地区生产总值</th><td>18147</td><td>5.6</td></tr>
<tr><th scope="row">第一产业</th><td>413</td><td>3.2</td></tr>
<tr><th scope="row">第二产业</th><td>8409</td><td>6.1</td></tr>
<tr><th scope="row">　其中：工业</th><td>7402</td><td>6.5</td></tr>
<tr><th scope="row">第三产业</th><td>9325</td><td>5.3</td></tr>
</tbody>
</table>
<p>年末全市常住人口977.7万人，比上年末增加8.0万人。全年居民消费价格比上年上涨0.4%。</p>
${embed('chart', 'consumer-prices', 'indicator=cpi;region=330200;period=top(24)', '图2 居民消费价格指数（上年同月=100）')}
<h2>二、工业和建筑业</h2>
<p>全年规模以上工业增加值比上年增长6.8%。分行业看，电气机械和器材制造业增长12.4%，汽车制造业增长9.7%，计算机、通信和其他电子设备制造业增长8.9%。</p>
${embed('table', 'industry-monthly', 'indicator=ind_va_index;region=330200,330203,330205,330206;period=top(6)', '表2 规模以上工业增加值增速（%）')}
<h2>三、国内贸易</h2>
<p>全年社会消费品零售总额5480亿元，比上年增长4.9%。按经营单位所在地分，城镇消费品零售额4712亿元，增长4.8%；乡村消费品零售额768亿元，增长5.4%。</p>
${embed('chart', 'retail-sales', 'indicator=retail_sales;region=330200;period=top(12)', '图3 社会消费品零售总额（月度，亿元）')}
<h2>四、固定资产投资</h2>
<p>全年固定资产投资比上年增长4.1%。其中，工业投资增长10.2%，基础设施投资增长3.5%。</p>
<h2>五、对外经济</h2>
<p>全年货物进出口总额13802亿元，比上年增长4.3%。其中，出口9516亿元，增长6.2%。</p>
${embed('chart', 'exports', 'indicator=exports;region=330200;period=top(12)', '图4 出口总额（月度，亿元）')}
<h2>注释</h2>
<ol>
<li>本公报中数据均为初步统计数，部分数据因四舍五入的原因，存在总计与分项合计不等的情况。</li>
<li>地区生产总值、各产业增加值绝对数按现价计算，增长速度按不变价格计算。</li>
</ol>
<p>资料来源：宁波市统计局、国家统计局宁波调查队。</p>`;

const p = (...paras: string[]) => paras.map((x) => `<p>${x}</p>`).join('\n');

const ARTICLES: DemoArticle[] = [
  {
    slug: 'ningbo-statistical-bulletin-2025',
    channel: 'bulletin',
    title: '2025年宁波市国民经济和社会发展统计公报',
    summary:
      '2025年全市地区生产总值18147亿元，比上年增长5.6%；规模以上工业增加值增长6.8%；社会消费品零售总额增长4.9%。',
    body: BULLETIN_BODY,
    daysAgo: 260,
  },
  {
    slug: 'economy-first-three-quarters-2026',
    channel: 'analysis',
    title: '前三季度全市经济运行稳中向好',
    summary: '前三季度，全市经济运行延续稳中向好态势，工业生产较快增长，消费市场持续恢复。',
    body:
      p(
        '前三季度，面对复杂多变的外部环境，全市经济运行延续稳中向好态势。',
        '工业生产较快增长。规模以上工业增加值同比增长7.1%，其中高技术制造业增长11.3%。',
      ) +
      embed(
        'chart',
        'industry-monthly',
        'indicator=ind_va_index;region=330200;period=top(12)',
        '规模以上工业增加值累计增速（%）',
      ) +
      p('消费市场持续恢复。社会消费品零售总额同比增长5.2%，升级类商品零售较快增长。'),
    daysAgo: 33,
  },
  {
    slug: 'consumer-prices-explained-2026-10',
    channel: 'interpretation',
    title: '统计局有关负责人解读10月份居民消费价格数据',
    summary: '10月份，全市居民消费价格同比上涨0.3%，食品价格由降转升，服务价格平稳。',
    body:
      p(
        '10月份，全市居民消费价格同比上涨0.3%，涨幅比上月扩大0.2个百分点；环比持平。',
        '从构成看，食品价格同比由上月下降0.8%转为上涨0.5%，其中鲜菜价格上涨4.1%；服务价格上涨0.6%，保持平稳。',
      ) +
      embed(
        'table',
        'consumer-prices',
        'indicator=cpi;region=330200;period=top(6)',
        '居民消费价格指数（上年同月=100）',
      ),
    daysAgo: 15,
  },
  {
    slug: 'retail-sales-explained-2026-q3',
    channel: 'interpretation',
    title: '一图读懂：前三季度全市消费市场运行情况',
    summary: '前三季度社会消费品零售总额同比增长5.2%，网络零售额增长9.6%。',
    body:
      p('前三季度，全市社会消费品零售总额同比增长5.2%。其中，限额以上单位通过公共网络实现零售额增长9.6%。') +
      embed(
        'chart',
        'retail-sales',
        'indicator=retail_sales;region=330200,330203,330212;period=top(9)',
        '社会消费品零售总额（亿元）',
      ),
    daysAgo: 30,
  },
  {
    slug: 'economic-census-training-2026',
    channel: 'news',
    title: '市统计局召开第五次全国经济普查数据开发应用培训会',
    summary: '会议部署经济普查资料开发应用工作，提升统计数据服务能力。',
    body: p(
      '11月18日，市统计局召开第五次全国经济普查数据开发应用培训会，各区（县、市）统计局业务骨干参加培训。',
      '会议要求，要深入挖掘普查数据价值，围绕新质生产力、民营经济等重点领域开展专题分析，更好服务决策和社会公众。',
    ),
    daysAgo: 8,
  },
  {
    slug: 'statistics-open-day-2026',
    channel: 'news',
    title: '“统计开放日”活动走进社区',
    summary: '统计志愿者向居民介绍居民收支调查、人口抽样调查等统计调查。',
    body: p(
      '9月20日，市统计局联合国家统计局宁波调查队在海曙区开展“统计开放日”活动，向居民介绍住户调查和人口抽样调查，现场解答群众关心的统计问题。',
    ),
    daysAgo: 67,
  },
  {
    slug: 'annual-report-survey-notice-2026',
    channel: 'notice',
    title: '关于做好2026年统计年报和2027年定期统计报表布置工作的通知',
    summary: '请各调查单位按时参加年报培训，于规定时间内完成联网直报。',
    body:
      p('各区（县、市）统计局、各调查单位：') +
      '<ol><li>年报培训时间：12月上旬，具体安排另行通知。</li><li>报送方式：统一通过联网直报系统报送。</li><li>报送截止时间：2027年2月10日。</li></ol>' +
      p('特此通知。'),
    daysAgo: 5,
  },
  {
    slug: 'statistics-law-enforcement-notice',
    channel: 'notice',
    title: '关于开展2026年度统计执法检查的公告',
    summary: '依据《中华人民共和国统计法》，对部分调查单位开展统计执法检查。',
    body: p(
      '依据《中华人民共和国统计法》《中华人民共和国统计法实施条例》，市统计局将于12月对部分调查单位的统计数据质量进行执法检查，请相关单位予以配合。',
    ),
    // 定时发布: a notice that appears a few days after the seed.
    daysAgo: -3,
  },
  {
    slug: 'bureau-functions',
    channel: 'open-gov',
    category: 'organization',
    title: '宁波市统计局主要职责',
    summary: '贯彻落实国家统计工作方针政策，组织实施全市统计调查。',
    body:
      '<ol><li>贯彻执行国家和省有关统计工作的方针政策和法律法规，拟订全市统计工作规章制度和规划并组织实施。</li>' +
      '<li>组织实施全市国民经济核算制度和全国投入产出调查，核算全市地区生产总值。</li>' +
      '<li>组织实施全市农业、工业、建筑业、批发和零售业、住宿和餐饮业、房地产业、服务业、科技、能源、投资等统计调查。</li>' +
      '<li>依法管理、公布全市统计数据，建立健全统计信息共享机制。</li></ol>',
    daysAgo: 300,
  },
  {
    slug: 'statistics-regulations-implementation',
    channel: 'open-gov',
    category: 'policy',
    title: '宁波市统计局关于进一步加强统计数据质量管理的实施意见',
    summary: '健全统计数据质量管理制度，防范和惩治统计造假、弄虚作假。',
    body:
      p(
        '为深入贯彻落实《关于更加有效发挥统计监督职能作用的意见》，进一步提高统计数据质量，结合我市实际，提出如下实施意见。',
      ) +
      '<h2>一、健全数据质量管理制度</h2>' +
      p('建立覆盖统计调查全流程的数据质量控制体系，落实数据质量责任。'),
    daysAgo: 120,
  },
  {
    slug: 'statistics-plan-2026-2030',
    channel: 'open-gov',
    category: 'plans',
    title: '宁波市统计事业发展“十五五”规划',
    summary: '明确“十五五”时期全市统计事业发展的总体要求、主要任务和保障措施。',
    body: p(
      '“十五五”时期是统计现代化改革的关键时期。本规划明确了全市统计事业发展的总体要求、主要任务和保障措施。',
    ),
    daysAgo: 90,
  },
  {
    slug: 'budget-2026',
    channel: 'open-gov',
    category: 'budget',
    title: '宁波市统计局2026年部门预算',
    summary: '2026年部门收支预算总额及其构成。',
    body:
      '<table><caption>2026年部门收支预算总表（万元）</caption><thead><tr><th scope="col">项目</th><th scope="col">预算数</th></tr></thead>' +
      '<tbody><tr><th scope="row">一般公共预算拨款</th><td>4826.31</td></tr><tr><th scope="row">其中：统计调查专项</th><td>1530.00</td></tr><tr><th scope="row">支出合计</th><td>4826.31</td></tr></tbody></table>',
    daysAgo: 240,
  },
  {
    slug: 'information-disclosure-annual-report-2025',
    channel: 'open-gov',
    category: 'annual-report',
    title: '宁波市统计局2025年政府信息公开工作年度报告',
    summary: '2025年主动公开政府信息情况、依申请公开情况及存在的问题和改进措施。',
    body:
      p(
        '本报告根据《中华人民共和国政府信息公开条例》编制，报告中所列数据统计期限自2025年1月1日起至2025年12月31日止。',
      ) +
      '<h2>一、总体情况</h2>' +
      p('2025年，市统计局主动公开政府信息312条，其中统计数据发布186条。'),
    daysAgo: 300,
  },
  {
    slug: 'economy-analysis-upcoming',
    channel: 'analysis',
    title: '全市经济运行分析（随发布日程发布）',
    summary: '与发布日程“全市经济运行分析”同时公开。',
    body:
      p('本文随发布日程中的“全市经济运行分析”同时公开，发布前对外不可见。') +
      embed(
        'chart',
        'electricity',
        'indicator=electricity;region=330200;period=top(12)',
        '全社会用电量（亿千瓦时）',
      ),
    daysAgo: -20,
    release: '全市经济运行分析',
  },
];

const QUESTIONS = [
  {
    title: '在哪里可以查到各区县的月度工业数据？',
    body: '想了解各区（县、市）规模以上工业增加值的月度增速，网站上哪里可以查询和下载？',
    answer:
      '您好！各区（县、市）规模以上工业主要指标可在本网站“统计数据”栏目的“规模以上工业”数据表中查询，支持按地区和时间选择，并可下载 CSV、Excel 等格式。感谢您的关注！',
  },
  {
    title: '统计公报中的增长速度是怎么计算的？',
    body: '统计公报中地区生产总值的绝对数和增长速度似乎对不上，是什么原因？',
    answer:
      '您好！地区生产总值绝对数按现价计算，增长速度按不变价格计算，扣除了价格变动因素，因此不能直接用两年的现价绝对数相除计算增速。',
  },
  {
    title: '企业统计报表填报遇到问题找谁？',
    body: '我们公司第一次参加统计联网直报，填报时遇到指标口径问题，应该咨询哪个部门？',
    answer:
      '您好！请联系企业所在地的区（县、市）统计局专业科室，或通过联网直报系统中的“咨询”功能留言，工作人员会及时答复。',
  },
  {
    title: '居民消费价格指数包括房价吗？',
    body: 'CPI 里面是否包括商品房销售价格？',
    answer:
      '您好！按照国际通行做法，商品房属于投资品，不纳入居民消费价格指数；CPI 中的居住类价格包括房租、物业管理费、水电燃料等。',
  },
];

/** Seeds the demo content, relative to the clock's now (so the scheduled items stay ahead). */
export async function seedCmsDemo(
  database: Db,
  clock: Clock,
  /** publication's public calendar (its seed ran first). */
  calendar: (
    range: { from: Date; to: Date },
    at: Date,
  ) => Promise<{ id: string; title: { zh: string }; releaseAt: string }[]>,
) {
  const db = database as CmsDb;
  const now = clock.now();
  const nowMinute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const day = 86_400_000;
  // Releases of the calendar, for articles bound to one.
  const releases = await calendar(
    { from: new Date(now.getTime() - 400 * day), to: new Date(now.getTime() + 400 * day) },
    now,
  );

  await db.transaction().execute(async (trx) => {
    for (const a of ARTICLES) {
      const id = randomUUID();
      let visibleFrom = new Date(nowMinute.getTime() - a.daysAgo * 86_400_000);
      let releaseId: string | null = null;
      if (a.release) {
        const r = releases.find((x) => x.title.zh.includes(a.release as string));
        // Without the release the article waits as approved for a publisher.
        if (!r) {
          await insertArticle(trx, id, a, 'approved');
          continue;
        }
        releaseId = r.id;
        visibleFrom = new Date(r.releaseAt);
      }
      await insertArticle(trx, id, a, 'published');
      await trx
        .insertInto('cms.publications')
        .values({
          article_id: id,
          version: 1,
          visible_from: visibleFrom,
          release_id: releaseId,
          file_ids: [],
          published_by: 'demo',
        })
        .execute();
    }
    for (const [i, q] of QUESTIONS.entries()) {
      const asked = new Date(nowMinute.getTime() - (40 - i * 8) * 86_400_000);
      await trx
        .insertInto('cms.questions')
        .values({
          id: randomUUID(),
          title: q.title,
          body: q.body,
          asker_name: null,
          contact: null,
          asker_key: 'demo',
          asked_at: asked,
          status: 'published',
          answer: q.answer,
          answered_by: 'demo',
          answered_at: new Date(asked.getTime() + 2 * 86_400_000),
          published_at: new Date(asked.getTime() + 3 * 86_400_000),
          published_by: 'demo',
        })
        .execute();
    }
    await trx
      .insertInto('cms.questions')
      .values({
        id: randomUUID(),
        title: '能否提供各街道的人口数据？',
        body: '希望能查询到各乡镇（街道）的常住人口数据，谢谢。',
        asker_name: '市民',
        contact: 'resident@example.cn',
        asker_key: 'demo',
        status: 'pending',
      })
      .execute();
    await recordAudit(
      trx,
      { actor: null, ip: null, userAgent: null },
      {
        action: 'cms.demo_seed',
        entityType: 'cms.article',
        details: { articles: ARTICLES.length, questions: QUESTIONS.length + 1 },
      },
    );
  });
}

async function insertArticle(trx: CmsDb, id: string, a: DemoArticle, status: 'published' | 'approved') {
  await trx
    .insertInto('cms.articles')
    .values({ id, slug: a.slug, status, version: 1, created_by: 'demo' })
    .execute();
  await trx
    .insertInto('cms.article_versions')
    .values({
      article_id: id,
      version: 1,
      channel: a.channel,
      category: a.category ?? null,
      title: a.title,
      summary: a.summary,
      body_html: sanitizeBody(a.body).html,
      attachments: [],
      saved_by: 'demo',
    })
    .execute();
}
