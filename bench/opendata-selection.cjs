/**
 * autocannon's setupRequest for bench/opendata.bench.ts (a plain module: it runs in autocannon's
 * worker thread): each request asks for another period range of the bench table — every pair of
 * its 60 months in turn, so the answer cache never holds the answer and only the table's
 * metadata is shared between requests.
 */
const months = Array.from(
  { length: 60 },
  (_x, i) => `${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);
const pairs = [];
for (let a = 0; a < months.length; a++)
  for (let b = a; b < months.length; b++) pairs.push([months[a], months[b]]);
let next = 0;

module.exports = (req) => {
  const [from, to] = pairs[next++ % pairs.length];
  return {
    ...req,
    path: `/open/api/v2/tables/bench-retail/data?valueCodes[region]=*&valueCodes[period]=range(${from},${to})`,
  };
};
