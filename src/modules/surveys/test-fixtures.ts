/** A small but complete form definition for tests; callers change what they need. */
export function sampleDefinition(patch: (d: any) => void = () => {}): any {
  const d = {
    formatVersion: 1,
    survey: {
      code: 'test-survey',
      name: { zh: '测试调查制度', en: 'Test survey' },
      issuer: { zh: '宁波市统计局', en: 'Ningbo Statistics Bureau' },
      documentNumber: '甬统〔2026〕1号',
    },
    form: {
      code: 'T101-1',
      name: { zh: '测试月报', en: 'Test monthly' },
      frequency: 'monthly',
      deadline: { daysAfterPeriodEnd: 5, time: '20:00' },
      reportingUnitType: { zh: '规模以上工业法人单位', en: 'Industrial units above size' },
      unit: { zh: '千元', en: 'thousand yuan' },
    },
    version: { number: 1, from: '2026-01' },
    codeLists: [
      {
        code: 'products',
        name: { zh: '产品', en: 'Products' },
        items: [
          { code: '3601010000', name: { zh: '汽车', en: 'Cars' } },
          { code: '3901010000', name: { zh: '冰箱', en: 'Fridges' } },
        ],
      },
    ],
    columns: [
      { code: 'current', name: { zh: '本期', en: 'This period' }, source: { kind: 'entered' } },
      {
        code: 'same_period_last_year',
        name: { zh: '上年同期', en: 'Same period last year' },
        source: { kind: 'last_year', column: 'current' },
      },
      { code: 'ytd', name: { zh: '1-本月累计', en: 'Year to date' }, source: { kind: 'ytd', of: 'current' } },
    ],
    indicators: [
      {
        code: 'A01',
        name: { zh: '工业总产值', en: 'Gross output' },
        type: 'decimal',
        decimals: 1,
        required: true,
      },
      { code: 'A02', name: { zh: '内销产值', en: 'Domestic sales' }, type: 'decimal', decimals: 1 },
      { code: 'A03', name: { zh: '出口交货值', en: 'Exports' }, type: 'decimal', decimals: 1 },
      { code: 'A04', name: { zh: '销售产值合计', en: 'Total sales' }, type: 'decimal', decimals: 1 },
      { code: 'N01', name: { zh: '从业人员', en: 'Employees' }, type: 'integer', columns: ['current'] },
      {
        code: 'P1',
        name: { zh: '产品代码', en: 'Product' },
        type: 'code',
        codeList: 'products',
        columns: ['current'],
      },
      {
        code: 'R01',
        name: { zh: '备注', en: 'Remarks' },
        type: 'text',
        maxLength: 200,
        columns: ['current'],
      },
    ],
    computed: [{ cell: 'A04.current', formula: 'A02.current + A03.current' }],
    rules: [
      {
        id: 'T.F01',
        expr: 'A03.current <= A04.current',
        severity: 'fatal',
        message: { zh: '出口不能大于销售', en: 'Exports cannot exceed sales' },
      },
    ],
    scope: { rules: [{ sections: ['C'], minRevenueThousandYuan: 20000 }] },
  };
  patch(d);
  return d;
}
