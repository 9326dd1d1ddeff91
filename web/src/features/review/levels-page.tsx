/**
 * A form's review levels (审核层级): which of township → county → city review it, lowest first;
 * the top level's approval is final. City statisticians, designers and administrators may
 * change them; everyone who reviews may read them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Flex, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Loading, Page } from '../../ui/ui.tsx';
import { reviewApi } from './api.ts';
import { LEVELS, levelLabel, orderLevels, type ReviewLevel, validLevels } from './selection.ts';

export default function LevelsPage() {
  const { t, locale } = useI18n();
  const { hasRole } = useAuth();
  const navigate = useNavigate();
  const { formId } = useParams();
  const client = useQueryClient();
  const levels = useQuery({
    queryKey: ['review', 'levels', formId],
    queryFn: () => reviewApi.levels(formId!),
  });
  const forms = useQuery({ queryKey: ['surveys', 'forms'], queryFn: reviewApi.forms, staleTime: 60_000 });
  const [chosen, setChosen] = useState<ReviewLevel[]>([]);
  useEffect(() => {
    if (levels.data) setChosen(levels.data.levels);
  }, [levels.data]);
  const save = useMutation({
    mutationFn: (l: ReviewLevel[]) => reviewApi.setLevels(formId!, l),
    onSuccess: (v) => {
      client.setQueryData(['review', 'levels', formId], v);
      client.invalidateQueries({ queryKey: ['review', 'board'] });
    },
  });
  const canEdit = hasRole('city_statistician', 'designer', 'admin');
  const form = forms.data?.find((f) => f.id === formId);
  const formName = form ? `${form.code} ${locale === 'en-US' ? form.name.en : form.name.zh}` : '';

  if (levels.isPending) return <Loading />;
  return (
    <Page
      title={t('review.levels.heading', { form: formName })}
      extra={<Button onClick={() => navigate(`/review?form=${formId}`)}>{t('review.backToInbox')}</Button>}
    >
      <ErrorAlert error={levels.error ?? save.error} />
      {levels.data ? (
        <Flex vertical gap="middle" style={{ maxWidth: 640 }}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('review.levels.intro')}</Typography.Paragraph>
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('review.levels.current', {
              path: levels.data.levels.map((l) => t(levelLabel(l))).join(' → '),
            })}
            {levels.data.isDefault ? ` ${t('review.levels.default')}` : ''}
          </Typography.Paragraph>
          {canEdit ? (
            <>
              <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                <legend style={{ fontWeight: 600, marginBottom: 8 }}>{t('review.levels.choose')}</legend>
                <Checkbox.Group
                  value={chosen}
                  onChange={(v) => {
                    save.reset();
                    setChosen(orderLevels(v as string[]));
                  }}
                  options={LEVELS.map((l) => ({ value: l, label: t(levelLabel(l)) }))}
                />
              </fieldset>
              <Typography.Paragraph style={{ margin: 0 }}>
                {chosen.length
                  ? t('review.levels.preview', { path: chosen.map((l) => t(levelLabel(l))).join(' → ') })
                  : t('review.levels.atLeastOne')}
              </Typography.Paragraph>
              <div>
                <Button
                  type="primary"
                  disabled={!validLevels(chosen)}
                  loading={save.isPending}
                  onClick={() => save.mutate(chosen)}
                >
                  {t('common.save')}
                </Button>
              </div>
              {save.isSuccess ? (
                <Alert type="success" showIcon role="status" title={t('review.levels.saved')} />
              ) : null}
            </>
          ) : (
            <Typography.Paragraph type="secondary">{t('review.levels.readOnly')}</Typography.Paragraph>
          )}
        </Flex>
      ) : null}
    </Page>
  );
}
