/**
 * Problems of a selection (查询条件), collected so one 400 lists all of them, each in both
 * languages: `details.problems` in English (stable for API clients), `details.messages` in both.
 */
import { DIMENSION_NAMES } from './codelists.ts';
import type { Dimension } from './contract.ts';
import { statdbProblems as P } from './problems.ts';

const FREQ_ZH = { monthly: '月度', quarterly: '季度', annual: '年度' } as const;
const nameOf = (d: string) => DIMENSION_NAMES[d as Dimension] ?? { zh: d, en: d };

export class SelectionProblems {
  private readonly zh: string[] = [];
  private readonly en: string[] = [];

  notADimension(d: string, indicator: string) {
    this.zh.push(`${nameOf(d).zh}（${d}）不是指标 ${indicator} 的分组维度`);
    this.en.push(`${d}: not a dimension of ${indicator}`);
  }
  unknownCode(d: string, code: string) {
    this.zh.push(`${nameOf(d).zh}没有代码 ${code}`);
    this.en.push(`${d}: unknown code ${code}`);
  }
  oneCode(d: string) {
    this.zh.push(`${nameOf(d).zh}只能选一个代码`);
    this.en.push(`${d}: name one code`);
  }
  badPeriod(field: string, text: string, frequency: keyof typeof FREQ_ZH) {
    this.zh.push(`${field}：${text} 不是${FREQ_ZH[frequency]}期间`);
    this.en.push(`${field}: ${text} is not a ${frequency} period`);
  }

  /** Throws one 400 listing every problem, if there is any. */
  throwIfAny() {
    if (!this.en.length) return;
    throw P.invalid_selection(
      { zh: this.zh.join('；'), en: this.en.join('; ') },
      { problems: this.en, messages: this.zh.map((zh, i) => ({ 'zh-CN': zh, 'en-US': this.en[i] })) },
    );
  }
}
