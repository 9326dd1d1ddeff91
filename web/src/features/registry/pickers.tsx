/**
 * Pickers over the register's reference data: the division cascader (city → county → township),
 * the industry tree (GB/T 4754: section → division → group → class) and the office select.
 * Reference data is small (≈170 divisions, ≈1,700 industries), so it is fetched once and cached.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Cascader, Select, TreeSelect } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { Role } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { type Division, type Grouping, type Industry, type Office, registryApi } from './api.ts';

const forever = { staleTime: Number.POSITIVE_INFINITY, gcTime: Number.POSITIVE_INFINITY };

export function useDivisions() {
  return useQuery({ queryKey: ['registry', 'divisions'], queryFn: registryApi.divisions, ...forever });
}
export function useIndustries() {
  return useQuery({ queryKey: ['registry', 'industries'], queryFn: registryApi.industries, ...forever });
}
export function useGroupings() {
  return useQuery({ queryKey: ['registry', 'groupings'], queryFn: registryApi.groupings, ...forever });
}

/** A grouping's name in the chosen language (the English name may be missing). */
export const groupingName = (g: Pick<Grouping, 'name' | 'nameEn'>, locale: string) =>
  locale === 'en-US' ? (g.nameEn ?? g.name) : g.name;

/** Named industry groupings (高技术制造业, 装备制造业 …); several may be chosen. */
export function GroupingSelect({
  value,
  onChange,
  id,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  id?: string;
}) {
  const { t, locale } = useI18n();
  const groupings = useGroupings();
  return (
    <Select
      id={id}
      mode="multiple"
      allowClear
      value={value}
      onChange={onChange}
      loading={groupings.isPending}
      placeholder={t('units.any')}
      showSearch={{ optionFilterProp: 'label' }}
      options={(groupings.data ?? []).map((g) => ({
        value: g.id,
        label: groupingName(g, locale),
        title: g.source ?? undefined,
      }))}
    />
  );
}

interface TreeNode {
  value: string;
  label: string;
  title: string;
  children?: TreeNode[];
}

/** Nests rows by parent code; roots are rows whose parent is absent from the list. */
export function buildTree<T extends { code: string; parentCode: string | null }>(
  rows: T[],
  label: (row: T) => string,
): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const r of rows) nodes.set(r.code, { value: r.code, label: label(r), title: label(r) });
  const roots: TreeNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (!parent) roots.push(node);
    else if (parent.children) parent.children.push(node);
    else parent.children = [node];
  }
  return roots;
}

/** The chain of codes from the top of the tree to `code` (for the cascader's value). */
export function pathTo<T extends { code: string; parentCode: string | null }>(
  rows: T[],
  code: string,
): string[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const out: string[] = [];
  let cur = byCode.get(code);
  while (cur) {
    out.unshift(cur.code);
    cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined;
  }
  return out;
}

/** Name lookups for display in tables and details. */
export function useNames() {
  const divisions = useDivisions();
  const industries = useIndustries();
  return useMemo(() => {
    const d = new Map((divisions.data ?? []).map((x) => [x.code, x.name]));
    const i = new Map((industries.data ?? []).map((x) => [x.code, x.name]));
    return {
      division: (code: string | null | undefined) => (code ? (d.get(code) ?? code) : ''),
      industry: (code: string | null | undefined) => (code ? (i.get(code) ?? code) : ''),
    };
  }, [divisions.data, industries.data]);
}

/** City → county → township; any level may be chosen. */
export function DivisionCascader({
  value,
  onChange,
  id,
  townshipsOnly,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
  /** Only townships can be picked (a unit is located in a township). */
  townshipsOnly?: boolean;
}) {
  const { t } = useI18n();
  const divisions = useDivisions();
  const rows = useMemo(() => (divisions.data ?? []).filter((d) => d.level !== 'province'), [divisions.data]);
  const options = useMemo(() => buildTree<Division>(rows, (d) => d.name), [rows]);
  return (
    <Cascader
      id={id}
      aria-label={t('units.division')}
      options={options}
      loading={divisions.isPending}
      value={value ? pathTo(rows, value) : undefined}
      changeOnSelect={!townshipsOnly}
      showSearch
      placeholder={t('units.division.placeholder')}
      onChange={(path) => onChange?.(path?.length ? String(path[path.length - 1]) : undefined)}
      style={{ width: '100%' }}
    />
  );
}

/** Industry by section, division, group or class; searchable by code or name. */
export function IndustryTreeSelect({
  value,
  onChange,
  id,
  classesOnly,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
  /** Only 4-digit classes can be picked (a unit's industry). */
  classesOnly?: boolean;
}) {
  const { t } = useI18n();
  const industries = useIndustries();
  const tree = useMemo(() => {
    const label = (r: Industry) => `${r.code} ${r.name}`;
    const nodes = buildTree<Industry>(industries.data ?? [], label);
    if (!classesOnly) return nodes;
    const mark = (ns: TreeNode[]): TreeNode[] =>
      ns.map((n) => (n.children ? { ...n, selectable: false, children: mark(n.children) } : n)) as TreeNode[];
    return mark(nodes);
  }, [industries.data, classesOnly]);
  return (
    <TreeSelect
      id={id}
      aria-label={t('units.industry')}
      treeData={tree}
      loading={industries.isPending}
      value={value}
      onChange={(v) => onChange?.(v || undefined)}
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={t('units.industry.placeholder')}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}

const LEVEL_OF: Partial<Record<Role, Office['level']>> = {
  city_statistician: 'city',
  county_statistician: 'county',
  township_statistician: 'township',
};

/** Offices at the level a statistician role works at. */
export function OfficeSelect({
  role,
  value,
  onChange,
  id,
}: {
  role: Role;
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
}) {
  const level = LEVEL_OF[role];
  const offices = useQuery({
    queryKey: ['registry', 'offices', level],
    queryFn: () => registryApi.offices(level),
    ...forever,
  });
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={offices.isPending}
      showSearch={{ optionFilterProp: 'label' }}
      options={(offices.data ?? []).map((o) => ({ value: o.id, label: `${o.name} (${o.divisionCode})` }))}
    />
  );
}

/** `name (credit code)`: how a unit is named in pickers. */
export const unitOptionLabel = (u: { name: string; creditCode: string }) => `${u.name}（${u.creditCode}）`;

/**
 * A unit from the register, found by typing part of its name or credit code (the register search,
 * so only units in the person's area). The value is the unit's id.
 */
export function UnitSelect({
  value,
  onChange,
  id,
  status,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  id?: string;
  /** Only units with these statuses (e.g. 'active'). */
  status?: string;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  // Ask the server once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const units = useQuery({
    queryKey: ['registry', 'units', 'picker', q, status],
    queryFn: () => registryApi.units({ q: q || undefined, status, pageSize: 20 }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  // The chosen unit keeps its label when the search text changes.
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const options = (q ? (units.data?.items ?? []) : []).map((u) => ({
    value: u.id,
    label: unitOptionLabel(u),
  }));
  if (chosen && value === chosen.value && !options.some((o) => o.value === chosen.value))
    options.unshift(chosen);
  return (
    <Select
      id={id}
      value={value}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      placeholder={t('units.picker.placeholder')}
      loading={units.isFetching}
      notFoundContent={q ? (units.isFetching ? t('app.loading') : t('units.empty')) : t('units.picker.hint')}
      options={options}
      onChange={(v) => {
        const o = options.find((x) => x.value === v);
        setChosen(o ?? null);
        onChange?.(v || undefined);
      }}
    />
  );
}
