/**
 * A form's reminder schedule (催报计划): the days relative to the deadline on which units that
 * have not reported are reminded automatically. City statisticians, designers and
 * administrators may change it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ui.tsx';
import { monitoringApi } from './api.ts';
import { offsetText, parseOffsets } from './drill.ts';

export function ScheduleCard({ formId }: { formId: string }) {
  const { t, locale } = useI18n();
  const { hasRole } = useAuth();
  const client = useQueryClient();
  const schedule = useQuery({
    queryKey: ['monitoring', 'schedule', formId],
    queryFn: () => monitoringApi.schedule(formId),
  });
  const [text, setText] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (offsets: number[]) => monitoringApi.setSchedule(formId, offsets),
    onSuccess: (v) => {
      client.setQueryData(['monitoring', 'schedule', formId], v);
      setText(null);
    },
  });
  const canEdit = hasRole('city_statistician', 'designer', 'admin');
  const s = schedule.data;
  const parsed = text === null ? null : parseOffsets(text);

  return (
    <Card
      title={<h2 className="card-title">{t('monitoring.schedule.title')}</h2>}
      style={{ marginBottom: 16 }}
    >
      <ErrorAlert error={schedule.error ?? save.error} />
      {s ? (
        <Flex vertical gap="small">
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('monitoring.schedule.current', {
              steps: s.offsetsDays.map((d) => offsetText(d, locale)).join(locale === 'en-US' ? ', ' : '、'),
            })}{' '}
            {s.isDefault
              ? t('monitoring.schedule.default')
              : t('monitoring.schedule.setBy', {
                  who: s.setBy ?? '—',
                  at: formatDate(s.setAt, locale, true),
                })}
          </Typography.Paragraph>
          {canEdit ? (
            <>
              <label htmlFor="schedule-offsets">{t('monitoring.schedule.edit')}</label>
              <Input
                id="schedule-offsets"
                style={{ maxWidth: 320 }}
                value={text ?? s.offsetsDays.join(', ')}
                onChange={(e) => setText(e.target.value)}
                aria-describedby="schedule-hint"
                status={text !== null && !parsed ? 'error' : undefined}
              />
              <Typography.Text id="schedule-hint" type="secondary">
                {t('monitoring.schedule.hint')}
              </Typography.Text>
              <div>
                <Button
                  disabled={!parsed}
                  loading={save.isPending}
                  onClick={() => parsed && save.mutate(parsed)}
                >
                  {t('common.save')}
                </Button>
              </div>
              {save.isSuccess ? (
                <Alert type="success" showIcon role="status" title={t('monitoring.schedule.saved')} />
              ) : null}
            </>
          ) : null}
        </Flex>
      ) : null}
    </Card>
  );
}
