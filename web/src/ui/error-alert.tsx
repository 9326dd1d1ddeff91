/** An error shown as a problem; its own module so the sign-in page need not load the rest of ui.tsx. */
import { Alert, Button } from 'antd';
import { asProblem, issueText } from '../api/problem.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Shows any error as a problem: its message in the chosen language and every issue listed. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { locale, t } = useI18n();
  if (!error) return null;
  const p = asProblem(error);
  const issues = p.issues();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={p.messageIn(locale)}
      description={
        issues.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {issues.map((i, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id and never reorder
              <li key={n}>{issueText(i, locale)}</li>
            ))}
          </ul>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
