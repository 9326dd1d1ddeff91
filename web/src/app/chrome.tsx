/** The skip link and the language switch: shared by the app shell and the sign-in page. */
import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { type Locale, useI18n } from '../i18n/i18n.tsx';

/** Jumps keyboard users past the menu. */
export function SkipLink() {
  const { t } = useI18n();
  return (
    <a className="skip-link" href="#main">
      {t('app.skip')}
    </a>
  );
}

/**
 * The language switch: one button naming the other language in that language (the pattern
 * bilingual government sites use), so it is one tap on a phone and obvious to a screen reader.
 */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Button
      size="small"
      icon={<GlobalOutlined aria-hidden />}
      lang={other}
      title={t('app.language')}
      onClick={() => setLocale(other)}
    >
      {other === 'en-US' ? 'English' : '中文'}
    </Button>
  );
}
