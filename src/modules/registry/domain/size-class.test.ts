import { describe, expect, it } from 'vitest';
import { type SizeClass, sizeClassOf, sizeRuleFor } from './size-class.ts';

// Revenue in the register is thousand yuan: 万元 × 10.
const wan = (y: number) => y * 10;

describe('size class (统计上大中小微型企业划分办法 2017)', () => {
  it('maps GB/T 4754-2017 classes to the rule rows', () => {
    const cases: [string, string][] = [
      ['0111', 'agriculture'],
      ['0610', 'industry'],
      ['3411', 'industry'],
      ['4411', 'industry'],
      ['4710', 'construction'],
      ['5111', 'wholesale'],
      ['5211', 'retail'],
      ['5311', 'other'], // 铁路运输 is excluded from 交通运输业
      ['5411', 'transport'],
      ['5910', 'transport'], // 装卸搬运
      ['5920', 'warehousing'],
      ['6010', 'postal'],
      ['6110', 'accommodation'],
      ['6210', 'catering'],
      ['6311', 'telecom'],
      ['6511', 'software'],
      ['7010', 'realEstateDevelopment'],
      ['7020', 'propertyManagement'],
      ['7030', 'other'],
      ['7111', 'leasingBusiness'],
      ['7211', 'leasingBusiness'],
      ['7310', 'other'],
      ['8310', 'other'],
    ];
    for (const [code, rule] of cases) expect(sizeRuleFor(code).id, code).toBe(rule);
  });

  // [industry, employees, revenue 万元, expected] — each row sits on or just below a threshold.
  const table: [string, number | null, number | null, SizeClass | null][] = [
    // 工业: 大 X≥1000 且 Y≥40000; 中 X≥300 且 Y≥2000; 小 X≥20 且 Y≥300; 微 X<20 或 Y<300
    ['3411', 1000, 40000, 'large'],
    ['3411', 999, 40000, 'medium'],
    ['3411', 1000, 39999.9, 'medium'],
    ['3411', 300, 2000, 'medium'],
    ['3411', 299, 2000, 'small'],
    ['3411', 300, 1999.9, 'small'],
    ['3411', 20, 300, 'small'],
    ['3411', 19, 300, 'micro'],
    ['3411', 20, 299.9, 'micro'],
    ['3411', 5000, 100, 'micro'], // many people, tiny revenue: micro (one indicator suffices)
    // 批发业: 大 X≥200 且 Y≥40000; 中 X≥20 且 Y≥5000; 小 X≥5 且 Y≥1000
    ['5111', 200, 40000, 'large'],
    ['5111', 199, 40000, 'medium'],
    ['5111', 20, 5000, 'medium'],
    ['5111', 20, 4999, 'small'],
    ['5111', 5, 1000, 'small'],
    ['5111', 4, 1000, 'micro'],
    // 零售业: 大 X≥300 且 Y≥20000; 中 X≥50 且 Y≥500; 小 X≥10 且 Y≥100
    ['5211', 300, 20000, 'large'],
    ['5211', 50, 500, 'medium'],
    ['5211', 49, 500, 'small'],
    ['5211', 10, 100, 'small'],
    ['5211', 10, 99, 'micro'],
    // 交通运输业: 大 X≥1000 且 Y≥30000; 中 X≥300 且 Y≥3000; 小 X≥20 且 Y≥200
    ['5411', 1000, 30000, 'large'],
    ['5411', 300, 3000, 'medium'],
    ['5411', 20, 200, 'small'],
    ['5411', 20, 199, 'micro'],
    // 仓储业: 大 X≥200 且 Y≥30000; 中 X≥100 且 Y≥1000; 小 X≥20 且 Y≥100
    ['5920', 200, 30000, 'large'],
    ['5920', 100, 1000, 'medium'],
    ['5920', 99, 1000, 'small'],
    ['5920', 19, 1000, 'micro'],
    // 邮政业: 大 X≥1000 且 Y≥30000; 中 X≥300 且 Y≥2000; 小 X≥20 且 Y≥100
    ['6010', 1000, 30000, 'large'],
    ['6010', 300, 2000, 'medium'],
    ['6010', 20, 100, 'small'],
    // 住宿业、餐饮业: 大 X≥300 且 Y≥10000; 中 X≥100 且 Y≥2000; 小 X≥10 且 Y≥100
    ['6110', 300, 10000, 'large'],
    ['6210', 100, 2000, 'medium'],
    ['6210', 10, 100, 'small'],
    ['6210', 9, 100, 'micro'],
    // 信息传输业: 大 X≥2000 且 Y≥100000; 中 X≥100 且 Y≥1000; 小 X≥10 且 Y≥100
    ['6311', 2000, 100000, 'large'],
    ['6311', 1999, 100000, 'medium'],
    ['6311', 10, 100, 'small'],
    // 软件和信息技术服务业: 大 X≥300 且 Y≥10000; 中 X≥100 且 Y≥1000; 小 X≥10 且 Y≥50
    ['6511', 300, 10000, 'large'],
    ['6511', 100, 1000, 'medium'],
    ['6511', 10, 50, 'small'],
    ['6511', 10, 49, 'micro'],
    // 物业管理: 大 X≥1000 且 Y≥5000; 中 X≥300 且 Y≥1000; 小 X≥100 且 Y≥500
    ['7020', 1000, 5000, 'large'],
    ['7020', 300, 1000, 'medium'],
    ['7020', 100, 500, 'small'],
    ['7020', 99, 500, 'micro'],
    // 农、林、牧、渔业 (Y only): 大 Y≥20000; 中 Y≥500; 小 Y≥50
    ['0111', null, 20000, 'large'],
    ['0111', 3, 500, 'medium'],
    ['0111', 3, 50, 'small'],
    ['0111', 3, 49.9, 'micro'],
    // 建筑业 (Y; Z unknown — judged on Y): 大 Y≥80000; 中 Y≥6000; 小 Y≥300
    ['4710', 10, 80000, 'large'],
    ['4710', 10, 6000, 'medium'],
    ['4710', 10, 300, 'small'],
    ['4710', 10, 299, 'micro'],
    // 房地产开发经营 (Y; Z unknown): 大 Y≥200000; 中 Y≥1000; 小 Y≥100
    ['7010', 10, 200000, 'large'],
    ['7010', 10, 1000, 'medium'],
    ['7010', 10, 100, 'small'],
    ['7010', 10, 99, 'micro'],
    // 租赁和商务服务业 (X; Z unknown): 大 X≥300; 中 X≥100; 小 X≥10
    ['7211', 300, 1, 'large'],
    ['7211', 100, 1, 'medium'],
    ['7211', 10, 1, 'small'],
    ['7211', 9, 1, 'micro'],
    // 其他未列明行业 (X only)
    ['8310', 300, null, 'large'],
    ['8310', 100, null, 'medium'],
    ['8310', 10, null, 'small'],
    ['8310', 9, null, 'micro'],
    // Missing indicators: judged on what is there; nothing usable → unknown.
    ['3411', null, 40000, 'large'],
    ['3411', null, null, null],
    ['8310', null, 5000, null],
  ];
  it.each(table)('%s with %s persons and %s 万元 is %s', (code, x, y, expected) => {
    expect(
      sizeClassOf({ industryCode: code, employees: x, revenueThousandYuan: y === null ? null : wan(y) }),
    ).toBe(expected);
  });

  it('applies total assets when a caller knows them', () => {
    // 建筑业 大 needs Y≥80000 and Z≥80000 万元; with Z = 79999 it is 中型.
    expect(
      sizeClassOf({
        industryCode: '4710',
        employees: 10,
        revenueThousandYuan: wan(90000),
        assetsThousandYuan: wan(79999),
      }),
    ).toBe('medium');
  });
});
