/** The part of jsonstat-toolkit (the official JSON-stat JavaScript toolkit) the tests use. */
declare module 'jsonstat-toolkit' {
  interface JsonStatCategory {
    label: string;
    unit?: { label?: string; decimals?: number } | null;
  }
  interface JsonStatDimension {
    label: string;
    id: string[];
    length: number;
    role: string | null;
    Category(code: string | number): JsonStatCategory | null;
  }
  interface JsonStatDataset {
    class: 'dataset';
    label: string;
    id: string[];
    size: number[];
    n: number;
    length: number;
    note: string[] | null;
    value: (number | null)[];
    status: (string | null)[] | null;
    role: Record<string, string[]> | null;
    Dimension(id: string): JsonStatDimension | null;
    Data(
      query: Record<string, string> | number,
      include?: boolean,
    ): { value: number | null; status: string | null } | null;
  }
  interface JsonStatRoot extends JsonStatDataset {
    error?: unknown;
    Dataset(i: number): JsonStatDataset;
  }
  export default function JSONstat(input: unknown): JsonStatRoot;
}
