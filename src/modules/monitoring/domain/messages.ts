/** Reminder texts (催报通知) in both languages. Pure. */

const SHANGHAI_OFFSET = 8 * 3_600_000;
/** An instant as Beijing wall-clock text, `2026-11-05 20:00`. */
export const beijingText = (d: Date) =>
  new Date(d.getTime() + SHANGHAI_OFFSET).toISOString().slice(0, 16).replace('T', ' ');

export function reminderText(
  form: { code: string; name: { zh: string; en: string } },
  period: string,
  deadline: Date,
  now: Date,
) {
  const at = beijingText(deadline);
  const subject = {
    zh: `催报：${form.code} ${form.name.zh}（${period}）`,
    en: `Reminder: ${form.code} ${form.name.en} (${period})`,
  };
  const text =
    now > deadline
      ? {
          zh: `${form.code}《${form.name.zh}》报告期 ${period} 已过报送截止时间（${at}，北京时间），贵单位尚未报送，请尽快报送。`,
          en: `${form.code} "${form.name.en}" for ${period} was due at ${at} Beijing time and has not been submitted; please submit it as soon as possible.`,
        }
      : {
          zh: `请于 ${at}（北京时间）前报送 ${form.code}《${form.name.zh}》，报告期 ${period}。`,
          en: `Please submit ${form.code} "${form.name.en}" for ${period} by ${at} Beijing time.`,
        };
  return { subject, text };
}
