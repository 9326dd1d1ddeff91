/** The demo's indicator metadata (指标解释 abridged from NBS definitions). */
import type { IndicatorDefinition } from './contract.ts';

const NBS = '国家统计局宁波调查队、宁波市统计局';
const yuan = { zh: '亿元', en: '100 million yuan' };

export function demoIndicators(): IndicatorDefinition[] {
  return [
    {
      code: 'ind_va_index',
      name: { zh: '规模以上工业增加值指数', en: 'Value added of industry above designated size, index' },
      unit: { zh: '上年同月=100', en: 'same month last year = 100' },
      definition: {
        zh: '年主营业务收入2000万元及以上工业企业的工业增加值，按可比价格计算，上年同月=100。',
        en: 'Value added of industrial enterprises with annual revenue of 20 million yuan or more, at comparable prices; same month last year = 100.',
      },
      source: `${NBS}：规模以上工业统计报表`,
      frequency: 'M',
      kind: 'index',
      decimals: 1,
      footnotes: [{ zh: '增速按可比价格计算。', en: 'Growth at comparable prices.' }],
      dimensions: ['region'],
    },
    {
      code: 'ind_output',
      name: { zh: '规模以上工业总产值', en: 'Gross industrial output above designated size' },
      unit: yuan,
      definition: {
        zh: '规模以上工业企业在报告期内生产的以货币形式表现的工业最终产品和提供工业劳务活动的总价值量，按当年价格计算。',
        en: 'Total value of final industrial products and industrial services of enterprises above designated size, at current prices.',
      },
      source: `${NBS}：规模以上工业统计报表（B204-1）`,
      frequency: 'M',
      kind: 'flow',
      decimals: 2,
      footnotes: [],
      dimensions: ['region'],
    },
    {
      code: 'retail_sales',
      name: { zh: '社会消费品零售总额', en: 'Total retail sales of consumer goods' },
      unit: yuan,
      definition: {
        zh: '企业（单位、个体户）通过交易直接售给个人、社会集团非生产、非经营用的实物商品金额，以及提供餐饮服务所取得的收入金额。',
        en: 'Value of goods sold to individuals and institutions for non-productive use, plus catering revenue.',
      },
      source: `${NBS}：批发和零售业、住宿和餐饮业统计报表`,
      frequency: 'M',
      kind: 'flow',
      decimals: 2,
      footnotes: [
        {
          zh: '2020年1—4月受新冠肺炎疫情影响。',
          en: 'January–April 2020 affected by the COVID-19 epidemic.',
        },
      ],
      dimensions: ['region'],
    },
    {
      code: 'fai',
      name: { zh: '固定资产投资（不含农户）', en: 'Fixed-asset investment (excluding rural households)' },
      unit: yuan,
      definition: {
        zh: '以货币形式表现的建造和购置固定资产活动的工作量，计划总投资500万元及以上的项目。',
        en: 'Work done in building and purchasing fixed assets, projects with planned investment of 5 million yuan or more.',
      },
      source: `${NBS}：固定资产投资统计报表`,
      frequency: 'M',
      kind: 'flow',
      decimals: 2,
      footnotes: [],
      dimensions: ['region'],
    },
    {
      code: 'cpi',
      name: { zh: '居民消费价格指数', en: 'Consumer price index' },
      unit: { zh: '上年同月=100', en: 'same month last year = 100' },
      definition: {
        zh: '反映一定时期内城乡居民所购买的生活消费品和服务项目价格变动趋势和程度的相对数。',
        en: 'Relative change of the prices of consumer goods and services bought by urban and rural households.',
      },
      source: '国家统计局宁波调查队：价格调查',
      frequency: 'M',
      kind: 'index',
      decimals: 1,
      footnotes: [],
      dimensions: ['region'],
    },
    {
      code: 'electricity',
      name: { zh: '全社会用电量', en: 'Electricity consumption' },
      unit: { zh: '亿千瓦时', en: '100 million kWh' },
      definition: {
        zh: '全社会各行业及城乡居民生活用电量之和。',
        en: 'Electricity used by all industries and households.',
      },
      source: '国网宁波供电公司',
      frequency: 'M',
      kind: 'flow',
      decimals: 2,
      footnotes: [{ zh: '2022年7—8月高温。', en: 'Heat wave in July–August 2022.' }],
      dimensions: ['region'],
    },
    {
      code: 'exports',
      name: { zh: '出口总额', en: 'Exports' },
      unit: yuan,
      definition: {
        zh: '经海关出口的货物总金额，以人民币计。',
        en: 'Value of goods exported through customs, in yuan.',
      },
      source: '宁波海关',
      frequency: 'M',
      kind: 'flow',
      decimals: 2,
      footnotes: [],
      dimensions: ['region'],
    },
    {
      code: 'gdp',
      name: { zh: '地区生产总值', en: 'Gross domestic product' },
      unit: yuan,
      definition: {
        zh: '按市场价格计算的一个地区所有常住单位在一定时期内生产活动的最终成果。',
        en: 'Final result of the production of all resident units of the region in the period, at market prices.',
      },
      source: `${NBS}：地区生产总值核算`,
      frequency: 'Q',
      kind: 'flow',
      decimals: 2,
      footnotes: [{ zh: '季度数据为当季值。', en: 'Quarterly figures are for the quarter alone.' }],
      dimensions: ['region'],
    },
  ];
}
